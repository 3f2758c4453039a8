#!/usr/bin/env bash
# ACS flood benchmark (issue 11 item 9): check p99 on a quiet service, then check p99 while
# two clients flood one other account's ACS with bogus SAML responses of the largest accepted
# size (255 KiB decoded, thousands of attribute values, a well-formed signature block whose
# value no key made), against the packaged jar. Target: flooded check p99 within 1.5x quiet.
#
#   bash src/bench/acs-flood-bench.sh       # needs wrk (apt-get install wrk), curl, openssl
#   DURATION=30s FLOOD_CONNECTIONS=8 bash src/bench/acs-flood-bench.sh
#   SERVICE_OPTS=-Drolegate.sso.max-concurrent-validations=1 bash src/bench/acs-flood-bench.sh
#
# Each flooding client is one wrk process with FLOOD_CONNECTIONS (default 4) connections
# posting back to back; the check load is wrk with CHECK_CONNECTIONS (default 4). Every flood
# post is answered 400 sso_login_failed (validated, refused) or 503 saml_busy (over the
# account's rolegate.sso.max-concurrent-validations): the counts come from /q/metrics.
DURATION=${DURATION:-12s}
source "$(dirname "$0")/service.sh"
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-4}
CHECK_CONNECTIONS=${CHECK_CONNECTIONS:-4}
command -v openssl >/dev/null || { echo "openssl is missing" >&2; exit 2; }

# the flooded account, with a SAML IdP whose certificate is real (so validation runs to the
# signature check) but whose key never signs anything here
FLOODED=flooded
FLOODED_ADMIN=$(create_account "$FLOODED")
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=bench-idp -keyout "$DATA/idp.key" \
  -out "$DATA/idp.pem" 2>/dev/null
CERT=$(grep -v -- ----- "$DATA/idp.pem" | tr -d '\n')
IDP=https://idp.bench.test/saml
METADATA="<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' xmlns:ds='http://www.w3.org/2000/09/xmldsig#' entityID='$IDP'><md:IDPSSODescriptor protocolSupportEnumeration='urn:oasis:names:tc:SAML:2.0:protocol'><md:KeyDescriptor use='signing'><ds:KeyInfo><ds:X509Data><ds:X509Certificate>$CERT</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding='urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' Location='$IDP/sso'/></md:IDPSSODescriptor></md:EntityDescriptor>"
curl -sf -X PUT "$RG/v1/accounts/$FLOODED/sso/saml" -H "Authorization: Bearer $FLOODED_ADMIN" \
  -H 'Content-Type: application/json' -o /dev/null \
  -d "{\"idpMetadataXml\":\"$METADATA\",\"groupsAttribute\":\"groups\",\"allowIdpInitiated\":true,\"redirectUrls\":[\"https://app.bench.test/\"]}"

# one bogus response, padded with group values to just under rolegate.sso.max-response-size
MAX=$((256 * 1024))
{
  printf "<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion' ID='_r1' Version='2.0' IssueInstant='2026-01-01T00:00:00Z' Destination='$RG/saml/$FLOODED/acs'>"
  printf "<saml:Issuer>$IDP</saml:Issuer><samlp:Status><samlp:StatusCode Value='urn:oasis:names:tc:SAML:2.0:status:Success'/></samlp:Status>"
  printf "<saml:Assertion ID='_a1' Version='2.0' IssueInstant='2026-01-01T00:00:00Z'><saml:Issuer>$IDP</saml:Issuer>"
  printf "<ds:Signature xmlns:ds='http://www.w3.org/2000/09/xmldsig#'><ds:SignedInfo><ds:CanonicalizationMethod Algorithm='http://www.w3.org/2001/10/xml-exc-c14n#'/><ds:SignatureMethod Algorithm='http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'/><ds:Reference URI='#_a1'><ds:Transforms><ds:Transform Algorithm='http://www.w3.org/2000/09/xmldsig#enveloped-signature'/><ds:Transform Algorithm='http://www.w3.org/2001/10/xml-exc-c14n#'/></ds:Transforms><ds:DigestMethod Algorithm='http://www.w3.org/2001/04/xmlenc#sha256'/><ds:DigestValue>$(head -c 32 /dev/urandom | base64 -w0)</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>$(head -c 256 /dev/urandom | base64 -w0)</ds:SignatureValue></ds:Signature>"
  printf "<saml:Subject><saml:NameID>mallory@bench.test</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name='groups'>"
} > "$DATA/bogus.xml"
TAIL="</saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"
VALUE="<saml:AttributeValue>cn=group-0000,ou=groups,dc=bench,dc=test</saml:AttributeValue>"
COUNT=$(( (MAX - 64 - $(wc -c < "$DATA/bogus.xml") - ${#TAIL}) / ${#VALUE} ))
for i in $(seq 1 "$COUNT"); do printf "<saml:AttributeValue>cn=group-%04d,ou=groups,dc=bench,dc=test</saml:AttributeValue>" $((i % 10000)); done >> "$DATA/bogus.xml"
printf "%s" "$TAIL" >> "$DATA/bogus.xml"
printf 'SAMLResponse=%s' "$(base64 -w0 < "$DATA/bogus.xml" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')" > "$DATA/bogus.form"
export RG_FLOOD_BODY="$DATA/bogus.form"
BOGUS_BYTES=$(wc -c < "$DATA/bogus.xml")
[ "$(curl -s -o /dev/null -w '%{http_code}' "$RG/saml/$FLOODED/acs" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary @"$DATA/bogus.form")" = 400 ] || { echo "the bogus response was not refused with 400" >&2; exit 1; }

logins() { curl -sf "$RG/q/metrics" | grep "^rolegate_saml_logins_total{outcome=\"$1\",reason=\"$2\"}" | awk '{s+=$2} END {printf "%d", s}'; }
check() { # label
  local out
  out=$(wrk -t1 -c"$CHECK_CONNECTIONS" -d"$DURATION" --latency -s "$RG_BENCH_DIR/check.lua" "$RG/" | grep '^RESULT')
  printf '%-32s %s\n' "$1" "${out#RESULT }"
}

echo "warm-up..."
wrk -t1 -c"$CHECK_CONNECTIONS" -d5s -s "$RG_BENCH_DIR/check.lua" "$RG/" >/dev/null
wrk -t1 -c2 -d5s -s "$RG_BENCH_DIR/acs-flood.lua" "$RG/saml/$FLOODED/acs" >/dev/null
machine
echo "bogus response: $BOGUS_BYTES bytes decoded ($COUNT attribute values); flood: 2 clients x $FLOOD_CONNECTIONS connections; check: $CHECK_CONNECTIONS connections"
check "check, quiet"
INVALID0=$(logins invalid invalid_signature); BUSY0=$(logins busy saml_busy)
wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$DURATION" -s "$RG_BENCH_DIR/acs-flood.lua" "$RG/saml/$FLOODED/acs" > "$DATA/flood1.out" &
F1=$!
wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$DURATION" -s "$RG_BENCH_DIR/acs-flood.lua" "$RG/saml/$FLOODED/acs" > "$DATA/flood2.out" &
F2=$!
check "check, ACS of '$FLOODED' flooded"
wait $F1 $F2
printf '%-32s %s\n' "flood client 1" "$(grep '^RESULT' "$DATA/flood1.out" | sed 's/^RESULT //')"
printf '%-32s %s\n' "flood client 2" "$(grep '^RESULT' "$DATA/flood2.out" | sed 's/^RESULT //')"
echo "flood answers: $(( $(logins invalid invalid_signature) - INVALID0 )) validated and refused (400, invalid_signature), $(( $(logins busy saml_busy) - BUSY0 )) busy (503 saml_busy)"
check "check, quiet again"
