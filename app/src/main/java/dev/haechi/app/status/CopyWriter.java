package dev.haechi.app.status;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Writes a static copy of the status page to one target. */
interface CopyWriter {
  /**
   * Writes every file, or throws: a copy is only called published when all of it was written.
   *
   * @throws Exception saying what failed, without secrets
   */
  void write(List<StaticCopy.File> files) throws Exception;

  static CopyWriter forTarget(PublishTarget target) {
    return switch (target.kind()) {
      case "directory" -> new DirectoryWriter(Path.of(target.location()));
      case "s3" -> new S3Writer(S3Location.parse(target.location()));
      default -> throw new IllegalStateException("no writer for " + target.kind());
    };
  }

  /**
   * A directory any web server serves. Each file is written beside its place and moved over it
   * atomically, so a reader never sees half a file. ETag and Last-Modified come from the web server
   * (nginx and Apache send both for static files); Cache-Control is the server's configuration (see
   * the app README).
   */
  record DirectoryWriter(Path root) implements CopyWriter {
    @Override
    public void write(List<StaticCopy.File> files) throws IOException {
      Files.createDirectories(root);
      for (StaticCopy.File f : files) {
        Path to = root.resolve(f.key());
        Files.createDirectories(to.getParent());
        Path tmp = Files.createTempFile(to.getParent(), ".haechi-", ".tmp");
        try {
          Files.write(tmp, f.body());
          try {
            Files.move(
                tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
  }

  /**
   * An S3-compatible bucket (AWS SDK for Java v2). Each object carries its Content-Type and
   * Cache-Control; the bucket's ETag of each object is its MD5, which is checked against ours, so a
   * copy that the store mangled is not called published. Checksums are sent as Content-MD5 only
   * (checksum calculation "when required"), which S3-compatible stores other than AWS all accept.
   */
  record S3Writer(S3Location where) implements CopyWriter {
    @Override
    public void write(List<StaticCopy.File> files) {
      try (S3Client s3 = client()) {
        for (StaticCopy.File f : files) {
          byte[] md5 = HexFormat.of().parseHex(f.md5());
          PutObjectResponse r =
              s3.putObject(
                  PutObjectRequest.builder()
                      .bucket(where.bucket())
                      .key(f.key())
                      .contentType(f.contentType())
                      .cacheControl(f.cacheControl())
                      .contentMD5(Base64.getEncoder().encodeToString(md5))
                      .build(),
                  RequestBody.fromBytes(f.body()));
          String etag = r.eTag() == null ? "" : r.eTag().replace("\"", "");
          if (!etag.equalsIgnoreCase(f.md5())) {
            throw new IllegalStateException(
                "bucket "
                    + where.bucket()
                    + " answered ETag "
                    + r.eTag()
                    + " for "
                    + f.key()
                    + ", expected the MD5 "
                    + f.md5());
          }
        }
      }
    }

    private S3Client client() {
      var b =
          S3Client.builder()
              .region(Region.of(where.region()))
              .forcePathStyle(where.pathStyle())
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .credentialsProvider(credentials())
              .httpClientBuilder(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(Duration.ofSeconds(5))
                      .socketTimeout(Duration.ofSeconds(20)))
              .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60)));
      if (where.endpoint() != null) {
        b.endpointOverride(where.endpoint());
      }
      return b.build();
    }

    private AwsCredentialsProvider credentials() {
      if (where.accessKeyEnv() == null) {
        return DefaultCredentialsProvider.builder().build();
      }
      String key = System.getenv(where.accessKeyEnv());
      String secret = System.getenv(where.secretKeyEnv());
      if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
        throw new IllegalStateException(
            "environment variable "
                + (key == null || key.isBlank() ? where.accessKeyEnv() : where.secretKeyEnv())
                + " is not set");
      }
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }
  }
}
