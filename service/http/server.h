// HttpServer: HTTP/1.1 over TCP, with or without TLS, on Boost.Beast and an
// Asio io_context. Each connection reads one request at a time (keep-alive),
// with a body limit (413 beyond it) and an idle timeout, and hands it to the
// Handler on the io_context's thread. The handler answers through the
// Responder, at once or later from any thread (work handed to a worker
// pool); the connection waits for that answer before it reads the next
// request. Nothing throws: every Beast and Asio call uses its error_code
// overload.
//
// Thread-safety: create, use and destroy on the io_context's thread; a
// Responder may be called from any thread, once.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "common/error.h"
#include "service/http/connection_limits.h"

namespace surveyor::service {

using HttpRequest =
    boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse =
    boost::beast::http::response<boost::beast::http::string_body>;
// Delivers the response to its connection; callable from any thread, once.
using Responder = std::function<void(HttpResponse)>;
// `peer` is the client's address and port, e.g. "127.0.0.1:51234", for logs.
using Handler = std::function<void(HttpRequest, Responder, std::string peer)>;

struct HttpServerOptions {
  std::size_t max_body_bytes = 8u << 20;
  // The TLS handshake must end within this.
  std::chrono::seconds handshake_timeout{10};
  // A whole request must arrive within this of the previous answer (or of
  // the handshake): covers idle keep-alive and slowly trickled requests.
  std::chrono::seconds idle_timeout{60};
  ConnectionLimitOptions limits;
  // Told of each connection closed unanswered: kind ("per-peer connection
  // limit", "connection limit", "evicted idle connection") and peer
  // address. Called on the I/O thread; may be empty.
  std::function<void(std::string_view kind, const std::string& peer)>
      on_refused;
};

class HttpServer {
 public:
  // Binds and listens on host:port (port 0 picks a free one). `tls` may be
  // null for plain HTTP; the caller decides whether that is allowed.
  static std::expected<std::unique_ptr<HttpServer>, common::Error> Listen(
      boost::asio::io_context& io, const std::string& host, std::uint16_t port,
      boost::asio::ssl::context* tls, Handler handler,
      HttpServerOptions options);

  ~HttpServer();
  std::uint16_t port() const { return port_; }
  // Stops accepting; open connections finish their current request.
  void Stop();

 private:
  HttpServer(boost::asio::io_context& io, boost::asio::ssl::context* tls,
             Handler handler, HttpServerOptions options);
  void Accept();
  // After a failed accept (EMFILE and the like): one log line per run of
  // failures, then accept again after a growing pause instead of spinning.
  void AcceptFailed(const boost::system::error_code& ec);
  void Admit(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ssl::context* tls_;
  std::shared_ptr<Handler> handler_;
  std::shared_ptr<const HttpServerOptions> options_;
  std::shared_ptr<ConnectionLimits> limits_;
  boost::asio::steady_timer accept_pause_;
  std::chrono::milliseconds pause_{0};
  std::uint64_t accept_failures_ = 0;
  std::uint16_t port_ = 0;
};

// A response with a body and content type, keep-alive as the request asked.
HttpResponse MakeResponse(const HttpRequest& req,
                          boost::beast::http::status status, std::string body,
                          std::string_view content_type);

}  // namespace surveyor::service
