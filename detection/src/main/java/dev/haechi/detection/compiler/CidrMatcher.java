package dev.haechi.detection.compiler;

import dev.haechi.detection.event.FieldValue;
import java.math.BigInteger;

/**
 * The {@code cidr} modifier: the value is an IPv4 or IPv6 address inside the network. Addresses are
 * parsed without name resolution; text that is not an IP literal does not match. An IPv4-mapped
 * IPv6 address ({@code ::ffff:10.1.2.3}) is its IPv4 address: it is in {@code 10.0.0.0/8}, and
 * {@code 10.1.2.3} is in {@code ::ffff:10.0.0.0/104}.
 */
record CidrMatcher(String spec, byte[] network, int prefix) implements ValueMatcher {
  static CidrMatcher of(String spec) {
    int slash = spec.indexOf('/');
    String addr = slash < 0 ? spec : spec.substring(0, slash);
    byte[] net = IpAddresses.parse(addr.trim());
    if (net == null) {
      throw new CompileException("'cidr' value '" + spec + "' is not an IP network");
    }
    int prefix;
    try {
      prefix = slash < 0 ? net.length * 8 : Integer.parseInt(spec.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new CompileException("'cidr' value '" + spec + "' has a bad prefix length");
    }
    if (prefix < 0 || prefix > net.length * 8) {
      throw new CompileException("'cidr' value '" + spec + "' has a bad prefix length");
    }
    return new CidrMatcher(spec, net, prefix);
  }

  @Override
  public boolean matches(FieldValue value) {
    if (value.text() == null) {
      return false;
    }
    byte[] ip = IpAddresses.parse(value.text().trim());
    if (ip == null) {
      return false;
    }
    if (ip.length != network.length) {
      // an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address, as dual-stack sockets
      // and Elasticsearch's ip type treat it; any other IPv6 address is never in an IPv4 network
      ip = ip.length == 16 ? IpAddresses.unmapped(ip) : IpAddresses.mapped(ip);
      if (ip == null) {
        return false;
      }
    }
    BigInteger a = new BigInteger(1, ip).shiftRight(ip.length * 8 - prefix);
    BigInteger b = new BigInteger(1, network).shiftRight(network.length * 8 - prefix);
    return a.equals(b);
  }
}
