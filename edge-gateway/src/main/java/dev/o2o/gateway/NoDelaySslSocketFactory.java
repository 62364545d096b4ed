package dev.o2o.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets of the configured trust that send each packet at once, for the same reason as {@link
 * BufferedSocketFactory}. It stays an {@link SSLSocketFactory}, which is how Paho tells a TLS
 * connection from a plain one.
 */
final class NoDelaySslSocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory tls;

  NoDelaySslSocketFactory(SSLSocketFactory tls) {
    this.tls = tls;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return TcpNoDelay.set(tls.createSocket());
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return TcpNoDelay.set(tls.createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return TcpNoDelay.set(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return TcpNoDelay.set(tls.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return TcpNoDelay.set(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return TcpNoDelay.set(tls.createSocket(address, port, localAddress, localPort));
  }
}
