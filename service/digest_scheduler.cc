#include "service/digest_scheduler.h"

#include <chrono>

#include "common/logging.h"
#include "service/cli.h"

namespace surveyor::service {

DigestScheduler::DigestScheduler(Options options,
                                 std::unique_ptr<MailSender> sender,
                                 const CatalogSource& catalogs,
                                 Metrics& metrics)
    : options_(std::move(options)),
      sender_(std::move(sender)),
      catalogs_(catalogs),
      metrics_(metrics) {}

DigestScheduler::~DigestScheduler() { Stop(); }

void DigestScheduler::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void DigestScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DigestScheduler::RunOnce(std::unique_ptr<Store>& store) {
  auto log = common::Logger("digest");
  if (!store) {
    auto opened = OpenStore(options_.store_url, options_.store);
    if (!opened) {
      log->error("cannot open the store: {}", opened.error().message);
      return;
    }
    store = std::move(*opened);
  }
  auto catalog = catalogs_.Current().first;
  Application app(*store, catalog.get(), Now);
  DigestDelivery delivery(app, *sender_, options_.delivery);
  auto outcomes = delivery.RunDue();
  if (!outcomes) {
    log->error("looking for due digests: {}", outcomes.error().message);
    store.reset();  // a lost connection is reopened next time
    return;
  }
  for (const auto& o : *outcomes) {
    metrics_.DigestDelivered(o.sent);
    if (o.sent) {
      log->info("sent the {} digest of tenant {} (attempt {}, Message-ID {})",
                o.week, o.tenant, o.attempt, o.message_id);
    } else if (o.next_attempt_at > 0) {
      log->warn(
          "the {} digest of tenant {} failed (attempt {}): {}; retrying "
          "at {}",
          o.week, o.tenant, o.attempt, common::Printable(o.error, 400),
          UtcMinute(o.next_attempt_at));
    } else {
      log->error("the {} digest of tenant {} failed {} times, giving up: {}",
                 o.week, o.tenant, o.attempt, common::Printable(o.error, 400));
    }
  }
}

void DigestScheduler::Loop() {
  std::unique_ptr<Store> store;
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    RunOnce(store);
    lock.lock();
    wake_.wait_for(lock, std::chrono::seconds(options_.check_seconds),
                   [this] { return stop_; });
  }
}

}  // namespace surveyor::service
