package dev.haechi.app.crash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real LDAP server that forwards every message unchanged until it is
 * armed; armed, it holds back the {@code n}-th modify <em>request</em> (client to server: the
 * directory never sees it) or the {@code n}-th modify <em>response</em> (server to client: the
 * directory has made the change, the client does not know yet), and everything after it on that
 * connection. A test kills the client while a message is held, which puts the kill exactly before
 * or exactly after the directory change, without any hook in the code under test.
 *
 * <p>It splits each direction's byte stream into LDAPMessages by their BER framing (RFC 4511
 * §4.1.1: a SEQUENCE of messageID and protocolOp; ModifyRequest is {@code [APPLICATION 6]} = 0x66,
 * ModifyResponse {@code [APPLICATION 7]} = 0x67).
 */
final class LdapHoldingProxy implements AutoCloseable {
  static final int MODIFY_REQUEST = 0x66;
  static final int MODIFY_RESPONSE = 0x67;

  private final ServerSocket listener;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile int holdTag = -1;
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile CountDownLatch held = new CountDownLatch(1);

  LdapHoldingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket client = listener.accept();
                  Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                  sockets.add(client);
                  sockets.add(server);
                  pump(client, server, MODIFY_REQUEST);
                  pump(server, client, MODIFY_RESPONSE);
                } catch (IOException e) {
                  // closed
                }
              }
            },
            "ldap-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /**
   * Holds the {@code nth} (1-based) message with protocolOp {@code tag} seen from now on.
   *
   * @return a latch that opens when it is held
   */
  CountDownLatch arm(int tag, int nth) {
    held = new CountDownLatch(1);
    remaining.set(nth);
    holdTag = tag;
    return held;
  }

  /** Forwards everything again (for connections made from now on). */
  void disarm() {
    holdTag = -1;
  }

  private void pump(Socket from, Socket to, int directionTag) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                ByteArrayOutputStream pending = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                boolean holding = false;
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (holding) {
                    continue; // swallow everything after the held message
                  }
                  pending.write(buf, 0, n);
                  byte[] data = pending.toByteArray();
                  int off = 0;
                  int len;
                  while ((len = messageLength(data, off)) > 0) {
                    int tag = protocolOp(data, off);
                    if (tag == directionTag && tag == holdTag && remaining.decrementAndGet() == 0) {
                      holding = true;
                      holdTag = -1;
                      held.countDown();
                      break;
                    }
                    out.write(data, off, len);
                    off += len;
                  }
                  out.flush();
                  pending.reset();
                  if (!holding) {
                    pending.write(data, off, data.length - off);
                  }
                }
              } catch (IOException e) {
                // one side closed (or the client was killed)
              } finally {
                close(from);
                close(to);
              }
            },
            "ldap-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** The whole length of the BER element at {@code off}, or 0 when it is not complete yet. */
  static int messageLength(byte[] d, int off) {
    if (d.length - off < 2) {
      return 0;
    }
    int first = d[off + 1] & 0xff;
    int header = 2;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int k = first & 0x7f;
      if (d.length - off < 2 + k) {
        return 0;
      }
      length = 0;
      for (int i = 0; i < k; i++) {
        length = (length << 8) | (d[off + 2 + i] & 0xff);
      }
      header += k;
    }
    long total = header + length;
    return d.length - off >= total ? (int) total : 0;
  }

  /** The protocolOp tag of the complete LDAPMessage at {@code off}: after the messageID. */
  static int protocolOp(byte[] d, int off) {
    int first = d[off + 1] & 0xff;
    int p = off + 2 + (first < 0x80 ? 0 : first & 0x7f);
    // messageID: INTEGER 0x02, short length
    int idLength = d[p + 1] & 0xff;
    return d[p + 2 + idLength] & 0xff;
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(LdapHoldingProxy::close);
  }
}
