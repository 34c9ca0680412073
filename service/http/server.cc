#include "service/http/server.h"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "common/logging.h"

namespace surveyor::service {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// An error found before any handler ran, as the API's JSON error body.
HttpResponse Plain(http::status status, std::string_view kind,
                   std::string detail) {
  HttpResponse res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = boost::json::serialize(
                   boost::json::object{{"error", kind}, {"detail", detail}}) +
               "\n";
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

// What the parser lets through but an HTTP/1.1 server must refuse: a
// transfer coding other than chunked (the body's length would be unknown,
// so whatever follows could be read as a second request), HTTP/1.1 without
// Host, methods nobody implements. The answer closes the connection.
std::optional<HttpResponse> Strictness(const HttpRequest& req) {
  auto te = req.find(http::field::transfer_encoding);
  if (te != req.end() && !beast::iequals(te->value(), "chunked")) {
    return Plain(http::status::bad_request, "invalid-request",
                 "Transfer-Encoding other than chunked is not accepted");
  }
  if (req.version() >= 11 && req.find(http::field::host) == req.end()) {
    return Plain(http::status::bad_request, "invalid-request",
                 "HTTP/1.1 request without a Host header");
  }
  if (req.method() == http::verb::unknown) {
    return Plain(http::status::not_implemented, "not-implemented",
                 "unknown method");
  }
  return std::nullopt;
}

// One connection. Stream is beast::tcp_stream or ssl_stream<tcp_stream>.
template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, std::shared_ptr<Handler> handler,
          std::shared_ptr<const HttpServerOptions> options,
          ConnectionLimits::Slot slot)
      : stream_(std::move(stream)),
        handler_(std::move(handler)),
        options_(std::move(options)),
        slot_(std::move(slot)) {
    beast::error_code ec;
    auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) {
      peer_ =
          remote.address().to_string() + ":" + std::to_string(remote.port());
    }
  }

  void Start() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      Read();
    } else {
      MarkWaiting();
      beast::get_lowest_layer(stream_).expires_after(
          options_->handshake_timeout);
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          [self = this->shared_from_this()](beast::error_code ec) {
            if (ec) {
              common::Logger("http")->debug("TLS handshake: {}", ec.message());
              return;
            }
            self->Read();
          });
    }
  }

 private:
  // Until a whole request has arrived this connection may give its place
  // to a new one (see ConnectionLimits).
  void MarkWaiting() {
    std::weak_ptr<Session> weak = this->shared_from_this();
    auto executor = stream_.get_executor();
    slot_.Waiting([weak, executor] {
      asio::post(executor, [weak] {
        if (auto self = weak.lock()) self->Evict();
      });
    });
  }

  void Evict() {
    if (options_->on_refused)
      options_->on_refused("evicted idle connection", peer_);
    beast::get_lowest_layer(stream_).close();
  }

  void Read() {
    MarkWaiting();
    parser_.emplace();
    parser_->body_limit(options_->max_body_bytes);
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(options_->idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          self->OnRead(ec);
        });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::ssl::error::stream_truncated) {
      return Close();
    }
    if (ec == http::error::header_limit) {
      return Write(Plain(http::status::request_header_fields_too_large,
                         "headers-too-large",
                         "request headers larger than 16384 bytes"));
    }
    if (ec == http::error::body_limit) {
      return Write(Plain(http::status::payload_too_large, "too-large",
                         "request body larger than " +
                             std::to_string(options_->max_body_bytes) +
                             " bytes"));
    }
    if (ec) {
      return Write(Plain(http::status::bad_request, "invalid-request",
                         "malformed HTTP request: " + ec.message()));
    }
    slot_.Busy();
    HttpRequest req = parser_->release();
    if (auto bad = Strictness(req)) return Write(std::move(*bad));
    // The answer may come from a worker thread: hop back to this
    // connection's strand to write it.
    (*handler_)(
        std::move(req),
        [self = this->shared_from_this()](HttpResponse res) {
          auto executor = self->stream_.get_executor();
          asio::post(executor, [self, res = std::move(res)]() mutable {
            self->Write(std::move(res));
          });
        },
        peer_);
  }

  void Write(HttpResponse res) {
    auto owned = std::make_shared<HttpResponse>(std::move(res));
    http::async_write(stream_, *owned,
                      [self = this->shared_from_this(), owned](
                          beast::error_code ec, std::size_t) {
                        if (ec || !owned->keep_alive()) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ec;
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    } else {
      beast::get_lowest_layer(stream_).socket().shutdown(
          tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  std::shared_ptr<Handler> handler_;
  std::shared_ptr<const HttpServerOptions> options_;
  ConnectionLimits::Slot slot_;
  std::string peer_ = "unknown";
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

HttpResponse MakeResponse(const HttpRequest& req, http::status status,
                          std::string body, std::string_view content_type) {
  HttpResponse res{status, req.version()};
  res.set(http::field::server, "surveyor-server");
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

HttpServer::HttpServer(asio::io_context& io, asio::ssl::context* tls,
                       Handler handler, HttpServerOptions options)
    : io_(io),
      acceptor_(io),
      tls_(tls),
      handler_(std::make_shared<Handler>(std::move(handler))),
      options_(std::make_shared<const HttpServerOptions>(std::move(options))),
      limits_(ConnectionLimits::Make(options_->limits)),
      accept_pause_(io) {}

HttpServer::~HttpServer() { Stop(); }

std::expected<std::unique_ptr<HttpServer>, common::Error> HttpServer::Listen(
    asio::io_context& io, const std::string& host, std::uint16_t port,
    asio::ssl::context* tls, Handler handler, HttpServerOptions options) {
  std::unique_ptr<HttpServer> server(
      new HttpServer(io, tls, std::move(handler), options));
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return common::Fail(common::ErrorCode::kInvalidArgument,
                        "listen address '" + host + "': " + ec.message());
  }
  tcp::endpoint endpoint(address, port);
  auto& a = server->acceptor_;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return common::Fail(common::ErrorCode::kIo, "cannot listen on " + host +
                                                    ":" + std::to_string(port) +
                                                    ": " + ec.message());
  }
  server->port_ = a.local_endpoint(ec).port();
  server->Accept();
  return server;
}

void HttpServer::Accept() {
  acceptor_.async_accept(
      asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
          return;
        }
        if (ec) return AcceptFailed(ec);
        if (accept_failures_ > 0) {
          common::Logger("http")->info(
              "accepting connections again after {} failed attempts",
              accept_failures_);
          accept_failures_ = 0;
          pause_ = std::chrono::milliseconds(0);
        }
        Admit(std::move(socket));
        Accept();
      });
}

void HttpServer::AcceptFailed(const boost::system::error_code& ec) {
  if (accept_failures_++ == 0) {
    common::Logger("http")->error(
        "cannot accept connections: {} ({} open); pausing accepts until "
        "descriptors free up",
        ec.message(), limits_->open());
  }
  pause_ = std::min(std::chrono::milliseconds(1000),
                    std::max(std::chrono::milliseconds(10), pause_ * 2));
  accept_pause_.expires_after(pause_);
  accept_pause_.async_wait([this](const boost::system::error_code& e) {
    if (!e && acceptor_.is_open()) Accept();
  });
}

void HttpServer::Admit(tcp::socket socket) {
  beast::error_code ec;
  // Replies go out as soon as they are written: with Nagle's algorithm a
  // reply's last TLS record waits for the client's delayed ACK (40 ms on
  // Linux) whenever an earlier segment is unacknowledged.
  socket.set_option(tcp::no_delay(true), ec);
  auto remote = socket.remote_endpoint(ec);
  const std::string address = ec ? "unknown" : remote.address().to_string();
  auto admission = limits_->Admit(address);
  if (admission.evicted) admission.evicted();
  if (!admission.slot) {
    if (options_->on_refused) {
      options_->on_refused(
          admission.refusal == ConnectionLimits::Refusal::kPeerLimit
              ? "per-peer connection limit"
              : "connection limit",
          address);
    }
    socket.close(ec);  // at once: the descriptor is what is scarce
    return;
  }
  beast::tcp_stream stream(std::move(socket));
  if (tls_ != nullptr) {
    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
        beast::ssl_stream<beast::tcp_stream>(std::move(stream), *tls_),
        handler_, options_, std::move(admission.slot))
        ->Start();
  } else {
    std::make_shared<Session<beast::tcp_stream>>(
        std::move(stream), handler_, options_, std::move(admission.slot))
        ->Start();
  }
}

void HttpServer::Stop() {
  beast::error_code ec;
  acceptor_.close(ec);
  accept_pause_.cancel();
}

}  // namespace surveyor::service
