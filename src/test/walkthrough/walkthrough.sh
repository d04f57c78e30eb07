#!/usr/bin/env bash
# The README's walkthrough (section "Walkthrough"), performed against a running application: every
# ```bash block of that section, verbatim and in the README's order, with this script's own checks
# and waits between them. ReadmeWalkthroughTest keeps the two the same and runs this script on the
# test application; to run it yourself on a fresh development start (`mvn spring-boot:run`, no
# ./data yet): bash src/test/walkthrough/walkthrough.sh
#
# Needs bash, curl and jq. PARTNERFLOW_URL (default http://localhost:8080) names the application,
# PARTNERFLOW_DEV_SMTP_PORT (default 3025) its development mail server, as in the README.
set -euo pipefail

for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "walkthrough: needs $tool on the PATH" >&2; exit 2; }
done

WALK=$(mktemp -d)
trap 'rm -rf "$WALK"' EXIT
cd "$WALK" # the README writes reply.eml into the current directory
exec 1>/dev/null # what curl prints reaches the log (standard error) through the curl function below
started=$(date +%s)
checks=0
section="(start)"

say() { printf '%s\n' "$*" >&2; }
fail() {
  say "walkthrough: FAILED in \"$section\": $*"
  exit 1
}
step() { section=$1; say ""; say "== $section (at $(($(date +%s) - started)) s)"; }

# Every curl of the README goes through this function: the same command, with its answer (body and
# status) kept for `check` and written to the log. What it prints is what curl prints.
curl() {
  local status
  status=$(command curl -o "$WALK/.body" -w '%{response_code}' "$@") || fail "curl $* failed"
  printf '%s' "$status" > "$WALK/.status"
  say "  \$ curl $*"
  say "  → $status $(head -c 4000 "$WALK/.body")"
  cat "$WALK/.body"
}

# check STATUS [JQ-EXPRESSION]: the last answer had this status (and the expression holds on its body).
check() {
  local status
  status=$(cat "$WALK/.status")
  [ "$status" = "$1" ] || fail "expected $1, got $status: $(head -c 2000 "$WALK/.body")"
  if [ $# -gt 1 ] && ! jq -e "$2" "$WALK/.body" >/dev/null 2>&1; then
    fail "expected $2 of the answer: $(head -c 2000 "$WALK/.body")"
  fi
  checks=$((checks + 1))
  say "  ✓ $1${2:+ $2}"
}

# check_value NAME REGEX: a value the README captured into a shell variable looks right.
check_value() {
  [[ ${!1-} =~ $2 ]] || fail "\$$1 is '${!1-}', expected /$2/"
  checks=$((checks + 1))
  say "  ✓ \$$1 = ${!1}"
}

# until_true DESCRIPTION COMMAND...: waits (up to 60 s) for asynchronous work, e.g. a mail being sent.
until_true() {
  local what=$1 deadline=$(($(date +%s) + 60))
  shift
  local since=$SECONDS
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "waited 60 s for $what"
    sleep 0.2
  done
  say "  … $what after $((SECONDS - since)) s"
}
mails_arrived() { # TO SUBJECT-PART N: at least N mails to TO whose subject contains SUBJECT-PART
  [ "$(command curl -s "$PF/dev/mailbox/messages?to=$1" |
    jq --arg s "$2" '[.[] | select(.subject | contains($s))] | length')" -ge "$3" ]
}
await_mail() { until_true "mail $3 to $1 about \"$2\"" mails_arrived "$@"; }
agent_task_waits() { # CASE TASK-NAME: the agent's group has this task for the case
  [ "$(command curl -s -u agent:agent "$PF/engine-rest/task?processVariables=caseNumber_eq_$1" |
    jq --arg n "$2" '[.[] | select(.name == $n)] | length')" -ge 1 ]
}
await_agent_task() { until_true "task \"$2\" of $1" agent_task_waits "$@"; }
no_agent_task() { # CASE: nothing of the case is left for the agents (its processes ended)
  [ "$(command curl -s -u agent:agent "$PF/engine-rest/task/count?processVariables=caseNumber_eq_$1" | jq .count)" = 0 ]
}
await_no_agent_task() { until_true "no task left of $1" no_agent_task "$@"; }
answer_holds() { # URL AUTH-HEADER JQ: the answer to GET URL satisfies JQ
  command curl -s "$1" -H "$2" | jq -e "$3"
}
await_answer() { until_true "$1 to show $3" answer_holds "$@"; }

# ---------------------------------------------------------------------------------------------
step "Walkthrough"

PF=${PARTNERFLOW_URL:-http://localhost:8080}               # the application
SMTP=smtp://localhost:${PARTNERFLOW_DEV_SMTP_PORT:-3025}   # its development mail server
J='Content-Type: application/json'
# the newest mail to an address whose subject contains some words, from the development mailbox
newest_mail() { curl -s "$PF/dev/mailbox/messages?to=$1" | jq --arg s "$2" 'first(.[] | select(.subject | contains($s)))'; }

check_value PF '^https?://'

# ---------------------------------------------------------------------------------------------
step "Register the company"

REG=$(curl -s -X POST "$PF/api/registrations" -H "$J" -d '{
  "email": "alice@northwind.example", "firstName": "Alice", "lastName": "Lead",
  "password": "Secret#2026a", "companyName": "Northwind Traders" }' | jq -r .registrationId)
# 202 {"registrationId":"…","status":"WAITING_FOR_CODE","message":"A 6-digit security code is on its way to alice@northwind.example."}

check 202 '.status == "WAITING_FOR_CODE"'
await_mail alice@northwind.example "security code" 1

CODE=$(newest_mail alice@northwind.example "security code" | jq -r '.text | capture("(?<code>[0-9]{6})").code')
curl -s -X POST "$PF/api/registrations/$REG/verification" -H "$J" -d "{\"code\":\"$CODE\"}"
# 200 {"userId":"…","accountId":"…","roles":["ALLIANCE_LEAD"],"message":"Registered. You created the partner account and are its alliance lead."}

check 200 '.roles == ["ALLIANCE_LEAD"]'

A="Authorization: Bearer $(curl -s -X POST "$PF/api/sessions" -H "$J" \
     -d '{"email":"alice@northwind.example","password":"Secret#2026a"}' | jq -r .token)"
# 201 {"token":"…","expiresAt":"…","userId":"…","accountId":"…","roles":["ALLIANCE_LEAD"]}
curl -s "$PF/api/me" -H "$A"
# 200 {"userId":"…","email":"alice@northwind.example","firstName":"Alice","lastName":"Lead","roles":["ALLIANCE_LEAD"],…}

check 200 '.email == "alice@northwind.example" and .roles == ["ALLIANCE_LEAD"]'

# ---------------------------------------------------------------------------------------------
step "Invite colleagues"

curl -s -X POST "$PF/api/invitations" -H "$A" -H "$J" -d '{"invitees": [
  {"email": "bob@northwind.example",   "roles": ["ALLIANCE_TEAM"]},
  {"email": "carol@northwind.example", "roles": ["ACE_MANAGER"]},
  {"email": "info@northwind.example",  "roles": ["ACE_USER"]},
  {"email": "dan@globex.example",      "roles": ["ACE_USER"]} ]}'
# 200 {"succeeded":3,"failed":1,"results":[{"email":"bob@northwind.example","outcome":"INVITED",…}, …,
#      {"email":"dan@globex.example","outcome":"FAILED","code":"domain-not-of-account",
#       "reason":"The domain globex.example is not one of your account's domains (northwind.example)."}]}

check 200 '.succeeded == 3 and .failed == 1 and .results[3].code == "domain-not-of-account"'
for invitee in bob carol info; do await_mail "$invitee@northwind.example" "invites you" 1; done

# the token at the end of the link in an invitation mail
link_token() { newest_mail "$1" "invites you" | jq -r '.text | capture("/invitations/(?<t>[A-Za-z0-9_-]+)").t'; }
curl -s -X POST "$PF/api/invitations/$(link_token bob@northwind.example)/registration" -H "$J" \
     -d '{"firstName":"Bob","lastName":"Builder","password":"Secret#2026b"}'
# 201 {"userId":"…","email":"bob@northwind.example","roles":["ALLIANCE_TEAM"],"skippedRoles":[],"message":"Registered with the roles ALLIANCE_TEAM; …"}

check 201 '.email == "bob@northwind.example" and .roles == ["ALLIANCE_TEAM"]'

curl -s -X POST "$PF/api/invitations/$(link_token carol@northwind.example)/registration" -H "$J" \
     -d '{"firstName":"Carol","lastName":"Chen","password":"Secret#2026c"}'
curl -s -X POST "$PF/api/invitations/$(link_token info@northwind.example)/registration" -H "$J" \
     -d '{"firstName":"Northwind","lastName":"Info","password":"Secret#2026i"}'

check 201 '.email == "info@northwind.example"'

B="Authorization: Bearer $(curl -s -X POST "$PF/api/sessions" -H "$J" \
     -d '{"email":"bob@northwind.example","password":"Secret#2026b"}' | jq -r .token)"
C="Authorization: Bearer $(curl -s -X POST "$PF/api/sessions" -H "$J" \
     -d '{"email":"carol@northwind.example","password":"Secret#2026c"}' | jq -r .token)"
curl -s "$PF/api/invitations" -H "$A"
# 200 [{"email":"bob@northwind.example","status":"ACCEPTED",…}, …]

check 200 '[.[] | .status] == ["ACCEPTED","ACCEPTED","ACCEPTED"]'
check_value B '^Authorization: Bearer [A-Za-z0-9_-]{20,}$'
check_value C '^Authorization: Bearer [A-Za-z0-9_-]{20,}$'

# ---------------------------------------------------------------------------------------------
step "Users and roles"

BOB=$(curl -s "$PF/api/account/users?q=bob" -H "$A" | jq -r '.[0].userId')
# 200 [{"userId":"…","email":"bob@northwind.example","status":"ACTIVE","roles":["ALLIANCE_TEAM"],…}]
CAROL=$(curl -s "$PF/api/account/users?q=carol" -H "$A" | jq -r '.[0].userId')
INFO=$(curl -s "$PF/api/account/users?q=info" -H "$A" | jq -r '.[0].userId')

check 200 '.[0].email == "info@northwind.example"'
check_value BOB '^[0-9a-f-]{36}$'
check_value CAROL '^[0-9a-f-]{36}$'

curl -s -X POST "$PF/api/account/role-assignments" -H "$A" -H "$J" --data @- <<EOF
{"users": [ {"userId": "$BOB",   "assign": ["TECHNICAL_STAFF"]},
            {"userId": "$CAROL", "assign": ["ACE_USER", "CLOUD_ADMIN"], "unassign": ["ACE_MANAGER"]} ]}
EOF
# 200 {"succeeded":4,"failed":0,"takesEffect":"Role changes take effect at once: …","results":[
#      {"email":"bob@northwind.example","roles":["ALLIANCE_TEAM","TECHNICAL_STAFF"],"changes":[{"action":"ASSIGN","role":"TECHNICAL_STAFF","outcome":"SUCCEEDED"}],…},
#      {"email":"carol@northwind.example","roles":["ACE_USER","CLOUD_ADMIN"],…}]}

check 200 '.succeeded == 4 and .failed == 0'

curl -s "$PF/api/account/users/generic-logins" -H "$A"
# 200 {"count":1,"users":[{"email":"info@northwind.example","matchedName":"info","allianceLead":false,
#       "reason":"The address info@northwind.example reads like the shared mailbox 'info', …","hint":"…"}]}

check 200 '.count == 1 and .users[0].email == "info@northwind.example"'

curl -s -X POST "$PF/api/account/users/$INFO/deactivation" -H "$A"
# 200 {"userId":"…","email":"info@northwind.example","status":"DEACTIVATED",…}
curl -s -X POST "$PF/api/account/users/$INFO/removal" -H "$A" -H "$J" -d '{"confirmation":"confirm"}'
# 200 {"userId":"…","email":"info@northwind.example","status":"REMOVED","roles":[],…}

check 200 '.status == "REMOVED" and .roles == []'

curl -s "$PF/api/account/audit-events?userId=$INFO&limit=5" -H "$A"
# 200 {"events":[{"eventName":"UserRemoved","actor":{"name":"alice@northwind.example",…},"target":{"name":"info@northwind.example",…},…},
#                {"eventName":"RoleUnassigned",…}, {"eventName":"UserDeactivated",…}, …],"nextCursor":null}

check 200 '[.events[].eventName][:3] == ["UserRemoved","RoleUnassigned","UserDeactivated"]'

# ---------------------------------------------------------------------------------------------
step "MFA, a remembered device, a password reset"

curl -s -X PUT "$PF/api/account/mfa" -H "$A" -H "$J" -d '{"enabled": true}'
# 200 {"enabled":true,"changedAt":"…","changedBy":"…"}

check 200 '.enabled == true'

CHALLENGE=$(curl -s -X POST "$PF/api/sessions" -H "$J" \
     -d '{"email":"bob@northwind.example","password":"Secret#2026b"}' | jq -r .challengeId)
# 202 {"status":"MFA_REQUIRED","challengeId":"…","sentTo":"b***@northwind.example","codeValidityMinutes":15}

check 202 '.status == "MFA_REQUIRED"'
await_mail bob@northwind.example "sign-in code" 1

CODE=$(newest_mail bob@northwind.example "sign-in code" | jq -r '.text | capture("(?<code>[0-9]{6})").code')
SESSION=$(curl -s -X POST "$PF/api/sessions/mfa" -H "$J" \
     -d "{\"challengeId\":\"$CHALLENGE\",\"code\":\"$CODE\",\"rememberDevice\":true}")
# 201 {"token":"…",…,"deviceToken":"…","deviceTrustedUntil":"…"}
B="Authorization: Bearer $(jq -r .token <<<"$SESSION")"
DEVICE=$(jq -r .deviceToken <<<"$SESSION")

check 201 '.deviceToken != null'

curl -s -X POST "$PF/api/sessions" -H "X-Device-Token: $DEVICE" -H "$J" \
     -d '{"email":"bob@northwind.example","password":"Secret#2026b"}'
# 201 {"token":"…",…}: no code asked for on this device

check 201 '.token != null'

RESET=$(curl -s -X POST "$PF/api/password-resets" -H "$J" -d '{"email":"carol@northwind.example"}' | jq -r .resetId)
# 202 {"resetId":"…","detail":"If the address belongs to an active partner user, a security code is on its way to it."}

check 202
await_mail carol@northwind.example "password reset code" 1

CODE=$(newest_mail carol@northwind.example "password reset code" | jq -r '.text | capture("(?<code>[0-9]{6})").code')
curl -s -X POST "$PF/api/password-resets/$RESET/completion" -H "$J" \
     -d "{\"code\":\"$CODE\",\"newPassword\":\"Fresh=Pass2027\"}"
# 204; Carol's sessions and remembered devices end
curl -s "$PF/api/me" -H "$C"
# 401 {"code":"invalid-token",…}

check 401 '.code == "invalid-token"'

CHALLENGE=$(curl -s -X POST "$PF/api/sessions" -H "$J" \
     -d '{"email":"carol@northwind.example","password":"Fresh=Pass2027"}' | jq -r .challengeId)

check 202
await_mail carol@northwind.example "sign-in code" 1

CODE=$(newest_mail carol@northwind.example "sign-in code" | jq -r '.text | capture("(?<code>[0-9]{6})").code')
C="Authorization: Bearer $(curl -s -X POST "$PF/api/sessions/mfa" -H "$J" \
     -d "{\"challengeId\":\"$CHALLENGE\",\"code\":\"$CODE\"}" | jq -r .token)"

check 201 '.roles == ["ACE_USER","CLOUD_ADMIN"]'

# ---------------------------------------------------------------------------------------------
step "A support case, answered by mail"

CASE=$(curl -s -X POST "$PF/api/cases" -H "$A" -H "$J" -d '{
  "caseType": "Partner Central", "questionType": "Account",
  "subject": "Our new billing address", "description": "We moved to 12 Harbour Street, Seattle." }' | jq -r .caseNumber)
# 201 {"caseNumber":"CASE-000001","status":"OPEN",…}

check 201 '.status == "OPEN"'
check_value CASE '^CASE-[0-9]{6}$'
await_agent_task "$CASE" "Work case"

TASK=$(curl -s -u agent:agent "$PF/engine-rest/task?processVariables=caseNumber_eq_$CASE" | jq -r '.[0].id')
# 200 [{"id":"…","name":"Work case","assignee":null,…}]
curl -s -u agent:agent "$PF/engine-rest/task/$TASK/form-variables" | jq '{caseNumber, caseSubject, partner, correspondence} | map_values(.value)'
# 200 {"caseNumber":"CASE-000001","caseSubject":"Our new billing address","partner":"Alice Lead <alice@northwind.example>",
#      "correspondence":"…— 2026-12-02 04:34 UTC · from alice@northwind.example (api)\nWe moved to 12 Harbour Street, Seattle."}
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/claim" -H "$J" -d '{"userId":"agent"}'
# 204
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/complete" -H "$J" -d '{"variables": {
  "agentDecision": {"value": "ASK"},
  "agentMessage": {"value": "Should invoices already sent go to the new address too?"} }}'
# 204

check 204
await_mail alice@northwind.example "We need your answer" 1

REPLY_TO=$(newest_mail alice@northwind.example "We need your answer" | jq -r .replyTo)
# support+…@partnerflow.local
printf 'From: alice@northwind.example\r\nTo: %s\r\nSubject: Re: [%s] Our new billing address\r\n\r\nYes, please: all open invoices.\r\n' \
       "$REPLY_TO" "$CASE" > reply.eml
curl -s "$SMTP" --mail-from alice@northwind.example --mail-rcpt "$REPLY_TO" -T reply.eml

check 250
await_agent_task "$CASE" "Work case"

TASK=$(curl -s -u agent:agent "$PF/engine-rest/task?processVariables=caseNumber_eq_$CASE" | jq -r '.[0].id')
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/complete" -H "$J" \
     -d '{"variables": {"agentDecision": {"value": "RESOLVE"}}}'
# 400 {"code":"task-input-refused","message":"Write the message to the partner (agentMessage).",…}: the task stays as it was

check 400 '.code == "task-input-refused"'

curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/complete" -H "$J" -d '{"variables": {
  "agentDecision": {"value": "RESOLVE"},
  "agentMessage": {"value": "Done: every open invoice now goes to 12 Harbour Street."} }}'
# 204

check 204
await_answer "$PF/api/cases/$CASE" "$A" '.supportCase.status == "RESOLVED"'

curl -s "$PF/api/cases/$CASE" -H "$A"
# 200 {"supportCase":{"caseNumber":"CASE-000001","status":"RESOLVED",…},"correspondence":[…,
#      {"direction":"IN","channel":"EMAIL","author":"alice@northwind.example","body":"Yes, please: all open invoices.",…},
#      {"direction":"OUT","channel":"EMAIL","body":"Done: every open invoice now goes to 12 Harbour Street.",…}]}

check 200 '.correspondence[-2].body == "Yes, please: all open invoices." and .correspondence[-1].direction == "OUT"'

# ---------------------------------------------------------------------------------------------
step "An alliance lead change request, decided by an agent"

LEAD_CASE=$(curl -s -X POST "$PF/api/account/alliance-lead-change-requests" -H "$C" -H "$J" -d "{
  \"reason\": \"Alice is leaving Northwind at the end of the month.\", \"proposedLeadUserId\": \"$CAROL\" }" | jq -r .caseNumber)
# 201 {"requestId":"…","caseNumber":"CASE-000002","status":"OPEN","proposedLeadUserId":"…",…}

check 201 '.status == "OPEN"'
check_value LEAD_CASE '^CASE-[0-9]{6}$'
await_agent_task "$LEAD_CASE" "Verify alliance lead change"

TASK=$(curl -s -u agent:agent "$PF/engine-rest/task?processVariables=caseNumber_eq_$LEAD_CASE" | jq -r '.[0].id')
curl -s -u agent:agent "$PF/engine-rest/task/$TASK/form-variables" | jq '{currentLead, proposedLead, reason, activeUsers} | map_values(.value)'
# 200 {"currentLead":"Alice Lead <alice@northwind.example> — active","proposedLead":"Carol Chen <carol@northwind.example> — active",
#      "reason":"Alice is leaving Northwind at the end of the month.","activeUsers":"alice@northwind.example — Alice Lead — alliance lead\n…"}
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/claim" -H "$J" -d '{"userId":"agent"}'
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/complete" -H "$J" -d '{"variables": {
  "agentDecision": {"value": "ASK"},
  "agentMessage": {"value": "Has Alice left already? While she is here, she can hand the role over herself."} }}'
# 204: Carol gets the question by mail

check 204
await_mail carol@northwind.example "We need your answer" 1

curl -s -X POST "$PF/api/cases/$LEAD_CASE/messages" -H "$C" -H "$J" -d '{"text": "Not yet: she leaves on the 31st."}'
# 200 {"supportCase":{"caseNumber":"CASE-000002","status":"WAITING_FOR_PARTNER",…},"correspondence":[…,
#      {"direction":"IN","channel":"API","author":"carol@northwind.example","body":"Not yet: she leaves on the 31st.",…}]}

check 200 '.correspondence[-1].body == "Not yet: she leaves on the 31st."'
await_agent_task "$LEAD_CASE" "Verify alliance lead change"

TASK=$(curl -s -u agent:agent "$PF/engine-rest/task?processVariables=caseNumber_eq_$LEAD_CASE" | jq -r '.[0].id')
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/complete" -H "$J" -d '{"variables": {
  "agentDecision": {"value": "REJECT"},
  "agentMessage": {"value": "Alice is still active: she hands the role over before she leaves."} }}'
# 204: the request is rejected; Carol gets the reason

check 204
await_answer "$PF/api/cases/$LEAD_CASE" "$C" '.supportCase.status == "RESOLVED"'

curl -s "$PF/api/account/alliance-lead" -H "$C"
# 200 {"allianceLead":{"email":"alice@northwind.example",…},"openChangeRequest":null}

check 200 '.allianceLead.email == "alice@northwind.example" and .openChangeRequest == null'

# ---------------------------------------------------------------------------------------------
step "Certifications: consent, roster and an account merge"

curl -s -X PUT "$PF/api/me/certification-consent" -H "$A"
curl -s "$PF/api/account/certification-roster" -H "$A"
# 200 {"userCount":3,"users":[{"email":"alice@northwind.example","certifications":[{"certificationCode":"CLF-C02",
#      "certificationAccount":"alice@northwind.example",…}],…}],"usersWithoutConsent":2,…}

check 200 '[.users[0].certifications[].certificationCode] == ["CLF-C02"]'

MERGE=$(curl -s -X POST "$PF/api/certification-merges" -H "$A" -H "$J" \
     -d '{"keepAccountEmail":"alice@northwind.example","mergeAccountEmail":"alice.personal@gmail.com"}' | jq -r .caseNumber)
# 201 {"caseNumber":"CASE-000003","stage":"OPENED","waitingOn":"support agent","withdrawable":true,…}

check 201 '.stage == "OPENED"'
check_value MERGE '^CASE-[0-9]{6}$'
await_agent_task "$MERGE" "Request account details"

# the id of the case's task with this name, among those offered to the agent's group
task_of() { curl -s -u agent:agent "$PF/engine-rest/task?processVariables=caseNumber_eq_$1" | jq -r --arg n "$2" '.[] | select(.name == $n) | .id'; }
TASK=$(task_of "$MERGE" "Request account details")
curl -s -u agent:agent "$PF/engine-rest/task/$TASK/form-variables" | jq '{accounts, agentMessage} | map_values(.value)'
# 200 {"accounts":"#1 (keep) alice@northwind.example — sign-in: AWS Builder ID, holder: Alice Lead, certifications: CLF-C02
#                  #2 (merge away) alice.personal@gmail.com — sign-in: Amazon.com account, …, certifications: SAA-C03, DVA-C02",
#      "agentMessage":"To merge your certification accounts we need, for each of the two accounts: …"}
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/claim" -H "$J" -d '{"userId":"agent"}'
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/complete" -H "$J" -d '{}'
# 204: the prefilled question goes to Alice

check 204
await_mail alice@northwind.example "We need your answer" 2

curl -s -X POST "$PF/api/cases/$MERGE/messages" -H "$A" -H "$J" \
     -d '{"text": "#1 alice@northwind.example signs in with AWS Builder ID, #2 alice.personal@gmail.com with an Amazon.com account. Keep #1."}'
# 200 {"supportCase":{"caseNumber":"CASE-000003",…},"correspondence":[…,{"direction":"IN","channel":"API","body":"#1 alice@northwind.example …",…}]}

check 200 '.correspondence[-1].direction == "IN" and .correspondence[-1].channel == "API"'
await_agent_task "$MERGE" "Review the merge request"

TASK=$(task_of "$MERGE" "Review the merge request")
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/claim" -H "$J" -d '{"userId":"agent"}'
curl -s -u agent:agent -X POST "$PF/engine-rest/task/$TASK/complete" -H "$J" \
     -d '{"variables": {"reviewDecision": {"value": "APPROVE"}}}'
# 204: account #2's address is asked to confirm

check 204
await_mail alice.personal@gmail.com "Please confirm the merge" 1

CONFIRM=$(newest_mail alice.personal@gmail.com "Please confirm the merge" | jq -r '.text | capture("(?<link>/links/[^ \r\n]+choice=confirm)").link')
curl -s -X POST "$PF$CONFIRM"
# 200, a page: "You answered: Confirm. … This link cannot be used again."

check 200
await_mail alice@northwind.example "has started" 1

curl -s "$PF/api/certification-merges/$MERGE" -H "$A"
# 200 {"caseNumber":"CASE-000003","stage":"MERGE_IN_PROGRESS","waitingOn":"certification system (merge)","withdrawable":false,…}

check 200 '.withdrawable == false'

curl -s -X POST "$PF/dev/clock/advance?days=4"
# 200 {"engineTime":"<now + 4 days>","dueJobs":…}: the merge is complete

check 200
await_mail alice@northwind.example "are merged" 1

curl -s -X POST "$PF/dev/clock/advance?days=4"
# 200 {"engineTime":"<now + 8 days>",…}: the merged certifications are in the partner profile

check 200
await_mail alice@northwind.example "in your partner profile" 1

curl -s -X POST "$PF/dev/clock/reset"
# 200 {"engineTime":"<now>",…}
curl -s "$PF/api/cases/$MERGE" -H "$A"
# 200 {"supportCase":{"caseNumber":"CASE-000003","status":"RESOLVED",…},…}

check 200 '.supportCase.status == "RESOLVED"'

curl -s "$PF/api/account/certification-roster" -H "$A"
# 200 {"users":[{"email":"alice@northwind.example","certifications":[
#      {"certificationCode":"CLF-C02","certificationAccount":"alice@northwind.example",…},
#      {"certificationCode":"DVA-C02","certificationAccount":"alice@northwind.example","takenWithAccount":"alice.personal@gmail.com",…},
#      {"certificationCode":"SAA-C03",…,"takenWithAccount":"alice.personal@gmail.com",…}],…}],…}

check 200 '[.users[0].certifications[].certificationCode] | sort == ["CLF-C02","DVA-C02","SAA-C03"]'
await_no_agent_task "$MERGE"

# ---------------------------------------------------------------------------------------------
step "Marketplace: link an account, map a user, request unlinking"

LINKING=$(curl -s -X POST "$PF/api/marketplace/linkings" -H "$A" -H "$J" -d '{"awsAccountId":"111122223333"}' | jq -r .linkingId)
# 201 {"linkingId":"…","status":"IN_PROGRESS","step":"REVIEW_ACCOUNT","sellerLegalName":"Northwind Traders",…}

check 201 '.step == "REVIEW_ACCOUNT" and .sellerLegalName == "Northwind Traders"'

curl -s -X POST "$PF/api/marketplace/linkings/$LINKING/account-review" -H "$A" -H "$J" -d '{}'
# 200 {…,"step":"REVIEW_ROLES","roles":[{"roleName":"PartnerCentralRoleForCloudAdmin-…","managedPolicies":[…],"bulkMapCandidates":[]},
#      {"roleName":"PartnerCentralRoleForAlliance-…",…,"bulkMapCandidates":["bob@northwind.example"]}, …],…}
curl -s -X POST "$PF/api/marketplace/linkings/$LINKING/role-review" -H "$A" -H "$J" \
     -d '{"mapAllianceTeam":true,"mapAceUsers":true}'
curl -s -X POST "$PF/api/marketplace/linkings/$LINKING/submission" -H "$A"
# 202 {…,"status":"SUBMITTED","step":"CREATING_ROLES",…}

check 202 '.status == "SUBMITTED"'
await_answer "$PF/api/marketplace/linkings/$LINKING" "$A" '.status == "LINKED"'

curl -s "$PF/api/marketplace/linkings/$LINKING" -H "$A"
# 200 {…,"status":"LINKED","step":"ENDED",…}
curl -s "$PF/api/marketplace" -H "$A"
# 200 {"linked":true,"awsAccountId":"111122223333","sellerLegalName":"Northwind Traders","roles":[…],
#      "roleMappings":[{"email":"bob@northwind.example","roleName":"PartnerCentralRoleForAlliance-…",…},
#                      {"email":"alice@northwind.example","roleName":"PartnerCentralRoleForCloudAdmin-…",…}],…}

check 200 '.linked == true and ([.roleMappings[].email] | index("alice@northwind.example") != null)'

curl -s -X PUT "$PF/api/marketplace/role-mappings/$BOB" -H "$A" -H "$J" -d '{"roleName":"PartnerCentralRoleForUser-Custom"}'
# 200 {"userId":"…","iamRoleArn":"arn:aws:iam::111122223333:role/PartnerCentralRoleForUser-Custom",…}

check 200 '.iamRoleArn == "arn:aws:iam::111122223333:role/PartnerCentralRoleForUser-Custom"'

curl -s -X PUT "$PF/api/marketplace/role-mappings/$BOB" -H "$A" -H "$J" -d '{"roleName":"MarketplaceAdmin"}'
# 400 {"code":"role-name-not-mappable","detail":"Only IAM roles whose names start with PartnerCentralRoleFor can be mapped to partner users; …",…}

check 400 '.code == "role-name-not-mappable"'

curl -s -X POST "$PF/api/marketplace/listings" -H "$A" -H "$J" \
     -d '{"kind":"PRODUCT","listingId":"prod-nw0001","title":"Northwind Analytics"}'
# 201 {"linkedListings":[{"awsAccountId":"111122223333","listingId":"prod-nw0001","kind":"PRODUCT","title":"Northwind Analytics",…}]}

check 201

curl -s "$PF/api/marketplace/unlink-preview" -H "$A"
# 200 {"awsAccountId":"111122223333","roleMappings":[…],"linkedListings":[…],"reasons":["NO_LONGER_SELLING","WRONG_ACCOUNT_LINKED",…],"openCase":null}
UNLINK_CASE=$(curl -s -X POST "$PF/api/marketplace/unlink-requests" -H "$A" -H "$J" \
     -d '{"reason":"NO_LONGER_SELLING","confirmation":"confirm"}' | jq -r .caseNumber)
# 201 {"unlinkId":"…","caseNumber":"CASE-000004","status":"OPEN",…}

check 201 '.status == "OPEN"'
check_value UNLINK_CASE '^CASE-[0-9]{6}$'

curl -s -X PUT "$PF/api/marketplace/role-mappings/$BOB" -H "$A" -H "$J" -d '{"roleName":"PartnerCentralRoleForUser-Custom"}'
# 409 {"code":"unlink-in-progress","detail":"Your request to unlink the marketplace account is in progress (support case CASE-000004): …","caseNumber":"CASE-000004",…}

check 409 '.code == "unlink-in-progress"'

curl -s -X POST "$PF/api/cases/$UNLINK_CASE/resolution" -H "$A"
# 200 {"caseNumber":"CASE-000004","subject":"Unlink marketplace account 111122223333","status":"RESOLVED",…}: the request is withdrawn

check 200 '.status == "RESOLVED"'
await_answer "$PF/api/marketplace" "$A" '.openUnlinkCase == null'

curl -s -X PUT "$PF/api/marketplace/role-mappings/$BOB" -H "$A" -H "$J" -d '{"roleName":"PartnerCentralRoleForUser-Custom"}'
# 200 again: the account stays linked

check 200 '.roleName == "PartnerCentralRoleForUser-Custom"'

# ---------------------------------------------------------------------------------------------
step "Partner tasks"

PTASK=$(curl -s -X POST "$PF/api/partner-tasks" -H "$A" -H "$J" \
     -d "{\"taskKey\":\"solution-market-case-study\",\"assigneeUserId\":\"$BOB\"}" | jq -r .id)
# 201 {"id":"…","taskKey":"solution-market-case-study","title":"Publish a case study","status":"OPEN","assignee":{"name":"Bob Builder",…},…}

check 201 '.assignee.email == "bob@northwind.example"'

curl -s "$PF/api/partner-tasks/summary" -H "$B"
# 200 {"ACCOUNT":0,"SOLUTION":1,"PROGRAM":0}

check 200 '.SOLUTION == 1'

curl -s -X POST "$PF/api/partner-tasks/$PTASK/dismissal" -H "$B" -H "$J" -d '{"reason":"Marketing owns case studies."}'
# 200 {…,"status":"RETURNED","assignee":{"name":"Alice Lead",…},"dismissReason":"Marketing owns case studies.",…}

check 200 '.status == "RETURNED"'

curl -s -X PUT "$PF/api/partner-tasks/$PTASK/assignee" -H "$A" -H "$J" -d "{\"userId\":\"$CAROL\"}"
# 200 {…,"status":"OPEN","assignee":{"name":"Carol Chen",…},…}
curl -s -X POST "$PF/api/partner-tasks/$PTASK/completion" -H "$C" -H "$J" -d '{"confirmation":"confirm"}'
# 200 {…,"status":"COMPLETED","completedAt":"…",…}

check 200 '.status == "COMPLETED"'

# ---------------------------------------------------------------------------------------------
step "Handing over the alliance lead role"

curl -s -X POST "$PF/api/account/alliance-lead-reassignments" -H "$A" -H "$J" \
     -d "{\"newLeadUserId\":\"$BOB\",\"confirmation\":\"confirm\"}"
# 201 {"reassignmentId":"…","previousLead":{"email":"alice@northwind.example","roles":["CLOUD_ADMIN"],…},
#      "newLead":{"email":"bob@northwind.example","roles":["ALLIANCE_LEAD","ALLIANCE_TEAM","TECHNICAL_STAFF"],…},
#      "effective":"immediately: the new lead holds the role from their next request on"}

check 201 '.newLead.email == "bob@northwind.example"'

curl -s "$PF/api/invitations" -H "$A"
# 403 {"code":"access-denied","permission":"INVITE_USERS (held by ALLIANCE_LEAD, ALLIANCE_TEAM)",…}: Alice is no longer lead

check 403 '.code == "access-denied"'

curl -s "$PF/api/account/alliance-lead" -H "$B"
# 200 {"allianceLead":{"email":"bob@northwind.example",…,"roles":["ALLIANCE_LEAD","ALLIANCE_TEAM","TECHNICAL_STAFF"]},"openChangeRequest":null}

check 200 '.allianceLead.email == "bob@northwind.example"'
await_mail bob@northwind.example "You are now the alliance lead" 1
for walked in "$CASE" "$LEAD_CASE" "$MERGE" "$UNLINK_CASE"; do await_no_agent_task "$walked"; done

# ---------------------------------------------------------------------------------------------
say ""
say "walkthrough: $checks checks passed in $(($(date +%s) - started)) s"
