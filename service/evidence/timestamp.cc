#include "service/evidence/timestamp.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <memory>

#include "common/hash.h"

namespace surveyor::evidence {

using common::ErrorCode;
using common::Fail;

namespace {

template <typename T, void (*F)(T*)>
struct Free {
  void operator()(T* p) const { F(p); }
};
using Req = std::unique_ptr<TS_REQ, Free<TS_REQ, TS_REQ_free>>;
using Resp = std::unique_ptr<TS_RESP, Free<TS_RESP, TS_RESP_free>>;
using Imprint =
    std::unique_ptr<TS_MSG_IMPRINT, Free<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>>;
using Algo = std::unique_ptr<X509_ALGOR, Free<X509_ALGOR, X509_ALGOR_free>>;
using Integer =
    std::unique_ptr<ASN1_INTEGER, Free<ASN1_INTEGER, ASN1_INTEGER_free>>;

Resp ParseResp(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return Resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
}

std::int64_t GenTime(TS_TST_INFO* info) {
  const ASN1_GENERALIZEDTIME* t = TS_TST_INFO_get_time(info);
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string TsaName(TS_TST_INFO* info) {
  const GENERAL_NAME* name = TS_TST_INFO_get_tsa(info);
  if (name == nullptr || name->type != GEN_DIRNAME) return {};
  char buf[256] = {};
  X509_NAME_oneline(name->d.directoryName, buf, sizeof(buf));
  return buf;
}

std::expected<TS_TST_INFO*, common::Error> Granted(const Resp& resp) {
  if (!resp) return Fail(ErrorCode::kParse, "not an RFC 3161 time-stamp reply");
  TS_STATUS_INFO* status = TS_RESP_get_status_info(resp.get());
  const ASN1_INTEGER* s = TS_STATUS_INFO_get0_status(status);
  const long code = ASN1_INTEGER_get(s);
  if (code != TS_STATUS_GRANTED && code != TS_STATUS_GRANTED_WITH_MODS) {
    return Fail(ErrorCode::kInvalidArgument,
                "the time-stamping authority refused (status " +
                    std::to_string(code) + ")");
  }
  TS_TST_INFO* info = TS_RESP_get_tst_info(resp.get());
  if (info == nullptr) {
    return Fail(ErrorCode::kParse, "time-stamp reply without a token");
  }
  return info;
}

bool SameImprint(TS_TST_INFO* info, const std::string& digest) {
  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(info);
  X509_ALGOR* algo = TS_MSG_IMPRINT_get_algo(imprint);
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, algo);
  if (OBJ_obj2nid(oid) != NID_sha256) return false;
  ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(imprint);
  return msg != nullptr &&
         std::string_view(
             reinterpret_cast<const char*>(ASN1_STRING_get0_data(msg)),
             static_cast<std::size_t>(ASN1_STRING_length(msg))) == digest;
}

}  // namespace

std::expected<std::string, common::Error> TimestampRequest(
    std::string_view data, std::string_view nonce) {
  const std::string digest = common::Sha256(data);
  Req req(TS_REQ_new());
  Imprint imprint(TS_MSG_IMPRINT_new());
  Algo algo(X509_ALGOR_new());
  Integer n(ASN1_INTEGER_new());
  if (!req || !imprint || !algo || !n) {
    return Fail(ErrorCode::kInternal, "out of memory");
  }
  X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
  std::unique_ptr<BIGNUM, Free<BIGNUM, BN_free>> bn(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(nonce.data()),
                static_cast<int>(nonce.size()), nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), n.get()) == nullptr ||
      TS_REQ_set_version(req.get(), 1) != 1 ||
      TS_MSG_IMPRINT_set_algo(imprint.get(), algo.get()) != 1 ||
      TS_MSG_IMPRINT_set_msg(
          imprint.get(),
          reinterpret_cast<unsigned char*>(const_cast<char*>(digest.data())),
          static_cast<int>(digest.size())) != 1 ||
      TS_REQ_set_msg_imprint(req.get(), imprint.get()) != 1 ||
      TS_REQ_set_nonce(req.get(), n.get()) != 1 ||
      TS_REQ_set_cert_req(req.get(), 1) != 1) {
    return Fail(ErrorCode::kInternal, "cannot build the time-stamp request");
  }
  unsigned char* der = nullptr;
  const int len = i2d_TS_REQ(req.get(), &der);
  if (len <= 0) {
    return Fail(ErrorCode::kInternal, "cannot encode the time-stamp request");
  }
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::expected<TimestampInfo, common::Error> CheckTimestampReply(
    std::string_view reply, std::string_view request) {
  Resp resp = ParseResp(reply);
  SURVEYOR_ASSIGN_OR_RETURN(TS_TST_INFO * info, Granted(resp));
  const auto* p = reinterpret_cast<const unsigned char*>(request.data());
  Req req(d2i_TS_REQ(nullptr, &p, static_cast<long>(request.size())));
  if (!req) return Fail(ErrorCode::kParse, "not a time-stamp request");
  ASN1_OCTET_STRING* want =
      TS_MSG_IMPRINT_get_msg(TS_REQ_get_msg_imprint(req.get()));
  const std::string digest(
      reinterpret_cast<const char*>(ASN1_STRING_get0_data(want)),
      static_cast<std::size_t>(ASN1_STRING_length(want)));
  if (!SameImprint(info, digest)) {
    return Fail(ErrorCode::kInvalidArgument,
                "the time-stamp token stamps something else");
  }
  const ASN1_INTEGER* a = TS_REQ_get_nonce(req.get());
  const ASN1_INTEGER* b = TS_TST_INFO_get_nonce(info);
  if (a == nullptr || b == nullptr || ASN1_INTEGER_cmp(a, b) != 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "the time-stamp token answers another request (nonce)");
  }
  return TimestampInfo{GenTime(info), TsaName(info)};
}

std::expected<TimestampInfo, common::Error> ReadTimestampFor(
    std::string_view reply, std::string_view data) {
  Resp resp = ParseResp(reply);
  SURVEYOR_ASSIGN_OR_RETURN(TS_TST_INFO * info, Granted(resp));
  if (!SameImprint(info, common::Sha256(data))) {
    return Fail(ErrorCode::kInvalidArgument,
                "the time-stamp token does not stamp this manifest");
  }
  return TimestampInfo{GenTime(info), TsaName(info)};
}

}  // namespace surveyor::evidence
