#!/usr/bin/env python3
"""Generates the demo sample (deterministic: fixed seed). Run from migrate/sample:
    python3 gen.py
The output is committed; this script documents how it was made."""
import json, random, string, datetime

rnd = random.Random(4)
UTC = datetime.timezone.utc
start = datetime.datetime(2026, 10, 5, 8, 0, tzinfo=UTC)

def rid(prefix):
    return prefix + "_Demo" + "".join(rnd.choice(string.ascii_letters + string.digits) for _ in range(10))

IPS = ["198.51.100.10", "198.51.100.11"]
UA = "Stripe/v1 GoBindings/76.25.0"
customers = [rid("cus") for _ in range(25)]
products = [rid("prod") for _ in range(6)]

def ev(t, method, url, status=200, ip=None, account=None, error=None):
    e = {"livemode": False, "method": method, "url": url, "status": status,
         "request_id": rid("req"), "created_at": int(t.timestamp()), "error": error,
         "ip_address": ip or rnd.choice(IPS), "user_agent": UA}
    if account:
        e["stripe_account"] = account
    return e

def checkout(t):
    """One customer checkout: a handful of calls a few seconds apart."""
    out = []
    c = rnd.choice(customers)
    pi = rid("pi")
    steps = [("GET", "/v1/prices"), ("GET", "/v1/products/" + rnd.choice(products))]
    if rnd.random() < 0.3:
        steps.append(("GET", "/v1/customers/search?query=email%3A%27buyer%40example.com%27"))
    if rnd.random() < 0.4:
        steps.append(("POST", "/v1/customers"))
    else:
        steps.append(("GET", "/v1/customers/" + c))
    if rnd.random() < 0.25:
        cs = rid("cs_test")
        steps += [("POST", "/v1/checkout/sessions"), ("GET", "/v1/checkout/sessions/" + cs)]
    else:
        steps += [("POST", "/v1/payment_intents"), ("POST", "/v1/payment_intents/%s/confirm" % pi),
                  ("GET", "/v1/payment_intents/%s?expand[]=customer" % pi if rnd.random() < 0.3 else "/v1/payment_intents/" + pi)]
    for i, (m, u) in enumerate(steps):
        status = 200
        err = None
        if m == "POST" and "confirm" in u and rnd.random() < 0.08:
            status = 402
            err = {"type": "card_error", "code": "card_declined", "decline_code": "generic_decline", "message": "Your card was declined."}
        out.append(ev(t + datetime.timedelta(seconds=2 * i), m, u, status, error=err))
    return out

events = []
t = start
while len(events) < 380:
    events += checkout(t)
    t += datetime.timedelta(minutes=rnd.randint(150, 330))
    if t.hour >= 22:
        t = t.replace(hour=8) + datetime.timedelta(days=1)
last = t
# one unmapped path (a made-up endpoint no catalog knows), twice
events.append(ev(start + datetime.timedelta(days=3, hours=2), "POST", "/v1/loyalty/redemptions"))
events.append(ev(start + datetime.timedelta(days=9, hours=5), "POST", "/v1/loyalty/redemptions"))
# one Connect call (Stripe-Account header)
events.append(ev(start + datetime.timedelta(days=6, hours=1), "GET", "/v1/balance", account="acct_1DemoConnected00"))
# a third IP, seen only for a day (a deploy from a build box)
for k in range(3):
    events.append(ev(start + datetime.timedelta(days=4, hours=k), "GET", "/v1/prices", ip="203.0.113.77"))
events.sort(key=lambda e: (e["created_at"], e["request_id"]))
with open("usage.jsonl", "w") as f:
    for e in events:
        f.write(json.dumps(e, separators=(",", ":")) + "\n")

# The test run with the proposed key: tail-text with 403 messages, old and new forms.
run = datetime.datetime(2026, 10, 20, 10, 0, 0)
lines = []
def tl(t, status, m, u, extra=()):
    lines.append("%s [%d] %s %s [%s]" % (t.strftime("%Y-%m-%d %H:%M:%S"), status, m, u, rid("req")))
    lines.extend(extra)
tl(run, 200, "POST", "/v1/customers")
tl(run + datetime.timedelta(seconds=3), 200, "POST", "/v1/payment_intents")
tl(run + datetime.timedelta(seconds=5), 403, "POST", "/v1/refunds", [
    "Type: invalid_request_error",
    "Message: The provided key 'rk_test_*********************************Dm0a01' does not have the required permissions for this endpoint on account 'acct_1DemoPlatform000'. Having the 'rak_charge_write' permission would allow this request to continue.",
])
tl(run + datetime.timedelta(seconds=9), 200, "GET", "/v1/prices")
tl(run + datetime.timedelta(seconds=12), 403, "GET", "/v1/invoices/in_DemoQ2x8Lk3v0P", [
    "Type: invalid_request_error",
    "Code: more_permissions_required",
    "Message: Permission denied. The provided key 'rk_test_*********************************Dm0a01' does not have the required permissions for this endpoint on account 'acct_1DemoPlatform000'. Enabling \"Invoices Read\" ('invoice_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/test/apikeys/mk_Demo/edit",
])
tl(run + datetime.timedelta(seconds=20), 403, "POST", "/v1/refunds", [
    "Type: invalid_request_error",
    "Message: The provided key 'rk_test_*********************************Dm0a01' does not have the required permissions for this endpoint on account 'acct_1DemoPlatform000'. Having the 'rak_charge_write' permission would allow this request to continue.",
])
tl(run + datetime.timedelta(seconds=25), 200, "GET", "/v1/customers/" + customers[0])
with open("test-run-403.log", "w") as f:
    f.write("Getting ready...\nReady! You're now waiting to receive API request logs (^C to quit)\n")
    f.write("\n".join(lines) + "\n")

# The soak: four days of the fixed key, no 403.
clean = []
t = datetime.datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
end = t + datetime.timedelta(days=4, hours=2)
while t < end:
    clean += checkout(t)
    t += datetime.timedelta(hours=rnd.randint(2, 5))
clean.append(ev(datetime.datetime(2026, 10, 21, 9, 30, tzinfo=UTC), "POST", "/v1/refunds"))
clean.append(ev(datetime.datetime(2026, 10, 22, 9, 30, tzinfo=UTC), "GET", "/v1/invoices/in_DemoQ2x8Lk3v0P"))
clean.append(ev(datetime.datetime(2026, 10, 23, 9, 30, tzinfo=UTC), "POST", "/v1/loyalty/redemptions"))
clean.sort(key=lambda e: (e["created_at"], e["request_id"]))
with open("test-run-clean.jsonl", "w") as f:
    for e in clean:
        f.write(json.dumps(e, separators=(",", ":")) + "\n")
print(len(events), "usage events,", len(lines), "403-log lines,", len(clean), "clean events")
