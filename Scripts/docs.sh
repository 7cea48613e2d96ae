#!/usr/bin/env bash
# Builds the DocC documentation of the library modules and fails on any warning (broken symbol links,
# unresolved articles). Output: .build/docs/<Module>.doccarchive
set -euo pipefail
cd "$(dirname "$0")/.."
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(TwilioJWT TwilioWebhooks)
output=$(swift package dump-symbol-graph --minimum-access-level public 2>&1 | tail -1)
graphs=${output#Files written to }
for module in "${modules[@]}"; do
    # Only this module's graphs: dependencies' graphs link to Apple's documentation, which is not here.
    only=.build/docs/symbol-graphs/$module
    rm -rf "$only" && mkdir -p "$only"
    cp "$graphs/$module".symbols.json "$only/"
    cp "$graphs/$module"@*.symbols.json "$only/" 2>/dev/null || true
    docc convert "Sources/$module/Documentation.docc" \
        --additional-symbol-graph-dir "$only" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "org.twilio-jwt-swift.$module" \
        --output-path ".build/docs/$module.doccarchive" \
        --analyze --warnings-as-errors
    echo "documentation: .build/docs/$module.doccarchive"
done
