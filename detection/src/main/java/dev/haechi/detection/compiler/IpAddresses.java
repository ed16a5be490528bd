package dev.haechi.detection.compiler;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP literals only (never resolves names): 4 bytes for IPv4, 16 for IPv6. */
final class IpAddresses {
  private IpAddresses() {}

  static byte[] parse(String s) {
    if (s.isEmpty()) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty()
            || parts[i].length() > 3
            || !parts[i].chars().allMatch(Character::isDigit)) {
          return null;
        }
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    String literal = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return null;
      }
    }
    try {
      byte[] b = InetAddress.getByName(literal).getAddress();
      if (b.length == 4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
      }
      return b;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The IPv4 address of an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}), else null. */
  static byte[] unmapped(byte[] ip16) {
    for (int i = 0; i < 10; i++) {
      if (ip16[i] != 0) {
        return null;
      }
    }
    if (ip16[10] != (byte) 0xff || ip16[11] != (byte) 0xff) {
      return null;
    }
    byte[] out = new byte[4];
    System.arraycopy(ip16, 12, out, 0, 4);
    return out;
  }

  /** The IPv4-mapped IPv6 form of an IPv4 address. */
  static byte[] mapped(byte[] ip4) {
    byte[] out = new byte[16];
    out[10] = (byte) 0xff;
    out[11] = (byte) 0xff;
    System.arraycopy(ip4, 0, out, 12, 4);
    return out;
  }
}
