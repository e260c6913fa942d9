#!/usr/bin/env python3
"""Generates the end-to-end flow logs for the command tests (deterministic).
Run from testdata/flows: python3 gen.py. The output is committed.

billing/: a subscription-billing worker, three weeks, logs in several formats:
  usage.jsonl       stripe logs tail --format JSON (two egress IPs)
  usage.csv         a Dashboard export of the same service's other worker (IP per row)
  test-run.log      tail-text of a test run with the proposed key: 403s, old and new forms,
                    a generic one and a not-grantable one
  app.log           application log lines carrying 403 texts (no request line)
  clean.jsonl       three and a half days of the fixed key, no 403
  test-run.har      a browser capture of a test run: a fixable 403, a not-grantable one, a Connect one
"""
import json, random, string, datetime, os

rnd = random.Random(11)
UTC = datetime.timezone.utc
os.makedirs("billing", exist_ok=True)

def rid(prefix):
    return prefix + "_Flow" + "".join(rnd.choice(string.ascii_letters + string.digits) for _ in range(10))

def ev(t, method, url, status=200, ip="192.0.2.20"):
    return {"livemode": False, "method": method, "url": url, "status": status, "request_id": rid("req"),
            "created_at": int(t.timestamp()), "error": None, "ip_address": ip}

start = datetime.datetime(2026, 9, 1, 6, 0, tzinfo=UTC)
events = []
for day in range(21):
    t = start + datetime.timedelta(days=day)
    ip = "192.0.2.20" if day % 2 == 0 else "192.0.2.21"
    for k in range(6):
        tt = t + datetime.timedelta(hours=k * 2)
        sub = rid("sub")
        events.append(ev(tt, "GET", "/v1/subscriptions/" + sub, ip=ip))
        events.append(ev(tt + datetime.timedelta(seconds=1), "GET", "/v1/invoices/upcoming?customer=" + rid("cus"), ip=ip))
        if k % 3 == 0:
            events.append(ev(tt + datetime.timedelta(seconds=2), "POST", "/v1/subscriptions/" + sub, ip=ip))
        if k == 5:
            events.append(ev(tt + datetime.timedelta(seconds=3), "GET", "/v1/customers/" + rid("cus") + "?expand[]=default_source", ip=ip))
events.append(ev(start + datetime.timedelta(days=7), "POST", "/v1/subscription_items/si_FlowA/usage_records", 400))
events.sort(key=lambda e: (e["created_at"], e["request_id"]))
with open("billing/usage.jsonl", "w") as f:
    for e in events:
        f.write(json.dumps(e, separators=(",", ":")) + "\n")

with open("billing/usage.csv", "w") as f:
    f.write("request_id,date,http_method,endpoint,status_code,source,ip_address\n")
    for day in range(0, 21, 2):
        t = start + datetime.timedelta(days=day, hours=23)
        f.write("%s,%s,POST,/v1/invoices/%s/finalize,200,API,192.0.2.30\n" % (rid("req"), t.strftime("%Y-%m-%d %H:%M:%S"), rid("in")))
        f.write("%s,%s,GET,/v1/prices/%s,200,API,192.0.2.30\n" % (rid("req"), t.strftime("%Y-%m-%d %H:%M:%S"), rid("price")))

run = datetime.datetime(2026, 9, 23, 14, 0, 0)
key = "rk_test_" + "*" * 30 + "Fl0w22"
lines = []
def tl(t, status, m, u, extra=()):
    lines.append("%s [%d] %s %s [%s]" % (t.strftime("%Y-%m-%d %H:%M:%S"), status, m, u, rid("req")))
    lines.extend(extra)
tl(run, 200, "GET", "/v1/subscriptions/" + rid("sub"))
tl(run + datetime.timedelta(seconds=2), 403, "POST", "/v1/credit_notes", [
    "Type: invalid_request_error",
    "Message: The provided key '%s' does not have the required permissions for this endpoint on account 'acct_1FlowPlatform0'. Having the 'rak_credit_note_write' permission would allow this request to continue." % key])
tl(run + datetime.timedelta(seconds=4), 403, "GET", "/v1/tax_rates", [
    "Type: invalid_request_error",
    "Code: more_permissions_required",
    "Message: Permission denied. The provided key '%s' does not have the required permissions for this endpoint on account 'acct_1FlowPlatform0'. Enabling 'Tax Rates Read' ('tax_rate_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/test/apikeys/mk_Flow/edit" % key])
tl(run + datetime.timedelta(seconds=6), 403, "GET", "/v1/balance", [
    "Type: invalid_request_error",
    "Message: The provided key '%s' does not have the required permissions for this endpoint on account 'acct_1FlowPlatform0'. Having more permissions would allow this request to continue." % key])
tl(run + datetime.timedelta(seconds=8), 200, "GET", "/v1/invoices/upcoming")
with open("billing/test-run.log", "w") as f:
    f.write("\n".join(lines) + "\n")

with open("billing/app.log", "w") as f:
    f.write('2026-09-23T14:05:00Z level=info msg="renewal batch started" batch=17\n')
    f.write('2026-09-23T14:05:02Z level=error msg="stripe call failed" status=403 error="The provided key \'%s\' does not have the required permissions for this endpoint on account \'acct_1FlowPlatform0\'. Having the \'rak_payment_intent_read\', \'rak_checkout_session_read\' permissions would allow this request to continue."\n' % key)
    f.write('2026-09-23T14:05:03Z level=info msg="renewal batch done" batch=17\n')

clean = []
t = datetime.datetime(2026, 9, 24, 9, 0, tzinfo=UTC)
while t < datetime.datetime(2026, 9, 27, 21, 0, tzinfo=UTC):
    clean.append(ev(t, "GET", "/v1/subscriptions/" + rid("sub")))
    clean.append(ev(t + datetime.timedelta(seconds=1), "POST", "/v1/credit_notes"))
    t += datetime.timedelta(hours=3)
with open("billing/clean.jsonl", "w") as f:
    for e in clean:
        f.write(json.dumps(e, separators=(",", ":")) + "\n")
def har_entry(t, method, url, status, body=None, account=None):
    hdrs = [{"name": "Authorization", "value": "Bearer rk_test_****Fl0w22"}]
    if account:
        hdrs.append({"name": "Stripe-Account", "value": account})
    return {"startedDateTime": t, "time": 120,
            "request": {"method": method, "url": "https://api.stripe.com" + url, "httpVersion": "HTTP/1.1", "headers": hdrs,
                        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": [{"name": "Request-Id", "value": "req_FlowHar%03d" % len(t)}],
                         "cookies": [], "content": {"size": 0, "mimeType": "application/json", "text": json.dumps(body) if body else "{}"},
                         "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "cache": {}, "timings": {"send": 0, "wait": 100, "receive": 20}}
har_entries = [
    har_entry("2026-09-23T15:00:00.000Z", "GET", "/v1/subscriptions/sub_FlowHar1", 200),
    har_entry("2026-09-23T15:00:02.000Z", "POST", "/v1/refunds", 403, {"error": {"type": "invalid_request_error", "code": "more_permissions_required",
        "message": "Permission denied. The provided key '%s' does not have the required permissions for this endpoint on account 'acct_1FlowPlatform0'. Enabling \"Charges and Refunds Write\" ('charge_write') permissions on this key would allow this request to continue." % key}}),
    har_entry("2026-09-23T15:00:04.000Z", "GET", "/v1/balance_transactions", 403, {"error": {"type": "invalid_request_error",
        "message": "The provided key '%s' does not have the required permissions for this endpoint on account 'acct_1FlowPlatform0', but the required permissions are not available for use by restricted keys." % key}}),
    har_entry("2026-09-23T15:00:06.000Z", "GET", "/v1/customers/cus_FlowHar1", 403, {"error": {"type": "invalid_request_error",
        "message": "You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions."}}, account="acct_1FlowConnected"),
]
with open("billing/test-run.har", "w") as f:
    json.dump({"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "140.0"}, "pages": [], "entries": har_entries}}, f, indent=2)
print(len(events), "usage,", len(lines), "test-run lines,", len(clean), "clean")
