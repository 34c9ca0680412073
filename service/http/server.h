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
#include <boost/beast/http.hpp>
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "common/error.h"

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
  std::chrono::seconds idle_timeout{60};
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

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ssl::context* tls_;
  std::shared_ptr<Handler> handler_;
  HttpServerOptions options_;
  std::uint16_t port_ = 0;
};

// A response with a body and content type, keep-alive as the request asked.
HttpResponse MakeResponse(const HttpRequest& req,
                          boost::beast::http::status status, std::string body,
                          std::string_view content_type);

}  // namespace surveyor::service
