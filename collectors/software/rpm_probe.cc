#include "collectors/collector.h"
#include "collectors/software/probes.h"
#include "collectors/software/rpm_header.h"
#include "common/sqlite.h"

namespace surveyor::collectors::software {
namespace {

// Where rpm keeps its database: /var/lib/rpm, or /usr/lib/sysimage/rpm on
// Fedora 36+ and openSUSE (usually with /var/lib/rpm a link to it).
constexpr std::string_view kDbDirs[] = {"/var/lib/rpm",
                                        "/usr/lib/sysimage/rpm"};

void ReadSqliteDb(const HostView& host, const std::string& db_path,
                  v1::Section& section, v1::SoftwareInventory& out) {
  auto real = host.HostPath(db_path);
  if (!real) {
    AddSectionError(section, db_path, real.error().message);
    return;
  }
  // Read-only, and without creating -wal/-shm files beside the database:
  // immutable unless a non-empty write-ahead log holds committed pages.
  auto wal = host.Stat(db_path + "-wal");
  auto mode = wal && wal->size > 0 ? common::Database::Mode::kReadOnly
                                   : common::Database::Mode::kImmutable;
  auto db = common::Database::Open(*real, mode);
  if (!db) {
    AddSectionError(section, db_path, db.error().message);
    return;
  }
  auto stmt = db->Prepare("SELECT hnum, blob FROM Packages ORDER BY hnum");
  if (!stmt) {
    AddSectionError(section, db_path,
                    "not an rpm sqlite database: " + stmt.error().message);
    return;
  }
  int bad = 0;
  while (true) {
    auto row = stmt->Step();
    if (!row) {
      AddSectionError(section, db_path, row.error().message);
      return;
    }
    if (!*row) break;
    std::int64_t hnum = stmt->ColumnInt(0);
    auto header = ParseRpmHeader(stmt->ColumnBlob(1));
    if (!header) {
      if (++bad <= 16) {
        AddSectionError(section, db_path,
                        "package header " + std::to_string(hnum) + ": " +
                            header.error().reason,
                        0, header.error().offset);
      }
      continue;
    }
    v1::Package* p = out.add_packages();
    p->set_source(v1::PACKAGE_SOURCE_RPM);
    p->set_name(header->name);
    p->set_version(header->Evr());
    p->set_architecture(header->arch);
    p->set_installed(true);
    v1::RpmDetails* d = p->mutable_rpm();
    if (header->epoch) d->set_epoch(*header->epoch);
    d->set_version(header->version);
    d->set_release(header->release);
    d->set_vendor(header->vendor);
    d->set_install_time(header->install_time);
    d->set_source_rpm(header->source_rpm);
    d->set_size_bytes(header->size);
  }
  if (bad > 16) {
    AddSectionError(section, db_path,
                    std::to_string(bad - 16) + " more bad headers not listed");
  }
}

}  // namespace

bool ProbeRpm(const HostView& host, v1::Section& section,
              v1::SoftwareInventory& out) {
  for (std::string_view dir : kDbDirs) {
    std::string base(dir);
    if (host.Stat(base + "/rpmdb.sqlite")) {
      ReadSqliteDb(host, base + "/rpmdb.sqlite", section, out);
      return true;
    }
    // Older formats: Berkeley DB (rpm < 4.16 default) and ndb (openSUSE).
    for (auto [file, format] :
         {std::pair{"/Packages", "Berkeley DB"}, {"/Packages.db", "ndb"}}) {
      if (host.Stat(base + file)) {
        AddSectionError(section, base + file,
                        std::string("unsupported rpm database format (") +
                            format + "); rpm >= 4.16 with sqlite is supported");
        return true;
      }
    }
  }
  return false;
}

}  // namespace surveyor::collectors::software
