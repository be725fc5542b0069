package dev.kubedeploy.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that a test can break the way networks break: {@link #cutAll()} closes
 * every connection at once (a restarted peer or a reset), {@link #halfOpen()} stops forwarding
 * without closing anything (a partition: both ends keep waiting), {@link #resume()} forwards again,
 * bytes held meanwhile included. New connections are accepted while half-open but carry nothing.
 */
public final class TcpProxy implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final long GATE_CHECK_MILLIS = 200;

  private final ServerSocket listener;
  private final String backendHost;
  private final int backendPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile boolean forwarding = true;
  private volatile boolean open = true;

  private TcpProxy(ServerSocket listener, String backendHost, int backendPort) {
    this.listener = listener;
    this.backendHost = backendHost;
    this.backendPort = backendPort;
    Thread.ofVirtual().name("tcp-proxy-accept-" + port()).start(this::acceptLoop);
  }

  /** Listens on a free port of 127.0.0.1 and forwards to {@code backendHost:backendPort}. */
  public static TcpProxy start(String backendHost, int backendPort) {
    try {
      var listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      return new TcpProxy(listener, backendHost, backendPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for the proxy", e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every open connection; new ones are forwarded as before. */
  public void cutAll() {
    links.forEach(Link::close);
  }

  /** Stops moving bytes in either direction, leaving every connection open. */
  public void halfOpen() {
    forwarding = false;
  }

  /** Forwards again, delivering what was held while half-open. */
  public void resume() {
    synchronized (gate) {
      forwarding = true;
      gate.notifyAll();
    }
  }

  /** Connections open right now. */
  public int connectionCount() {
    return links.size();
  }

  @Override
  public void close() {
    open = false;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    resume();
    cutAll();
  }

  private void acceptLoop() {
    while (open) {
      try {
        var client = listener.accept();
        Thread.ofVirtual().start(() -> connect(client));
      } catch (IOException e) {
        if (!open) {
          return;
        }
      }
    }
  }

  private void connect(Socket client) {
    var backend = new Socket();
    try {
      client.setTcpNoDelay(true);
      backend.setTcpNoDelay(true);
      backend.connect(new InetSocketAddress(backendHost, backendPort), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      // the backend is down: the client sees its connection closed, as with a refused connect
      closeQuietly(client);
      closeQuietly(backend);
      return;
    }
    var link = new Link(client, backend);
    links.add(link);
    Thread.ofVirtual().start(() -> pump(link, client, backend));
    Thread.ofVirtual().start(() -> pump(link, backend, client));
  }

  private void pump(Link link, Socket from, Socket to) {
    var buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int read; (read = in.read(buffer)) >= 0; ) {
        awaitForwarding(link);
        if (link.closed) {
          return;
        }
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was cut: close the other
    } finally {
      link.close();
      links.remove(link);
    }
  }

  /** Holds the bytes read while half-open; checks now and then so that a cut link ends. */
  private void awaitForwarding(Link link) {
    synchronized (gate) {
      while (!forwarding && !link.closed && open) {
        try {
          gate.wait(GATE_CHECK_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** A client's connection and the backend connection made for it. */
  private static final class Link {
    private final Socket client;
    private final Socket backend;
    private volatile boolean closed;

    Link(Socket client, Socket backend) {
      this.client = client;
      this.backend = backend;
    }

    void close() {
      closed = true;
      closeQuietly(client);
      closeQuietly(backend);
    }
  }
}
