// The running server's weekly digest schedule: a thread of its own (mail
// servers can take their time; ingest never waits for them) with its own
// store connection, looking every `check_seconds` for due digests
// (DigestDelivery::RunDue) and counting outcomes in the metrics. Several
// servers may run it on one database: the store's claims keep each digest to
// one of them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "service/api/metrics.h"
#include "service/app/catalog_source.h"
#include "service/app/digest_delivery.h"
#include "service/mail/mail_sender.h"
#include "service/store/store_factory.h"

namespace surveyor::service {

class DigestScheduler {
 public:
  struct Options {
    std::string store_url;
    StoreOptions store;
    DeliveryOptions delivery;
    std::int64_t check_seconds = 60;
  };
  DigestScheduler(Options options, std::unique_ptr<MailSender> sender,
                  const CatalogSource& catalogs, Metrics& metrics);
  ~DigestScheduler();  // stops and joins

  void Start();
  void Stop();

 private:
  void Loop();
  void RunOnce(std::unique_ptr<Store>& store);

  Options options_;
  std::unique_ptr<MailSender> sender_;
  const CatalogSource& catalogs_;
  Metrics& metrics_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace surveyor::service
