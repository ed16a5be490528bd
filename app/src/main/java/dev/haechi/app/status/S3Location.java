package dev.haechi.app.status;

import java.net.URI;

/**
 * Where an S3 publish target writes: {@code s3://bucket} with options after semicolons, {@code
 * endpoint=https://host:port} (any S3-compatible store; AWS when absent), {@code region=} (default
 * {@code us-east-1}), {@code path-style=true}, and {@code access-key-env=VAR;secret-key-env=VAR}:
 * the environment variables that hold the keys (absent: the AWS SDK's default credentials chain).
 */
record S3Location(
    String bucket,
    URI endpoint,
    String region,
    boolean pathStyle,
    String accessKeyEnv,
    String secretKeyEnv) {

  static S3Location parse(String location) {
    String[] parts = location.split(";");
    if (!parts[0].startsWith("s3://") || parts[0].length() == 5) {
      throw new IllegalArgumentException(
          "location: s3://bucket[;endpoint=https://host][;region=..][;path-style=true]"
              + "[;access-key-env=VAR;secret-key-env=VAR], not '"
              + location
              + "'");
    }
    String bucket = parts[0].substring(5);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("location: '" + bucket + "' is not an S3 bucket name");
    }
    URI endpoint = null;
    String region = "us-east-1";
    boolean pathStyle = false;
    String access = null;
    String secret = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("location: option '" + p + "' is not name=value");
      }
      String v = p.substring(eq + 1).trim();
      switch (p.substring(0, eq).trim()) {
        case "endpoint" -> {
          try {
            endpoint = URI.create(v);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("location: endpoint '" + v + "' is not a URL");
          }
          if (!("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))
              || endpoint.getHost() == null) {
            throw new IllegalArgumentException(
                "location: endpoint must be an http(s) URL with a host, not '" + v + "'");
          }
        }
        case "region" -> {
          if (!v.matches("[a-z0-9-]{2,40}")) {
            throw new IllegalArgumentException("location: region '" + v + "' is not a region");
          }
          region = v;
        }
        case "path-style" -> pathStyle = Boolean.parseBoolean(v);
        case "access-key-env" -> access = envName(v);
        case "secret-key-env" -> secret = envName(v);
        default ->
            throw new IllegalArgumentException(
                "location: unknown option '"
                    + p.substring(0, eq)
                    + "' (endpoint, region, path-style, access-key-env, secret-key-env)");
      }
    }
    if ((access == null) != (secret == null)) {
      throw new IllegalArgumentException(
          "location: give both access-key-env and secret-key-env, or neither");
    }
    return new S3Location(bucket, endpoint, region, pathStyle, access, secret);
  }

  private static String envName(String v) {
    if (!v.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      throw new IllegalArgumentException("location: '" + v + "' is not an environment variable");
    }
    return v;
  }
}
