import TwilioJWT

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Prints a minted token: only the token (plus a newline) by default, so `TOKEN=$(twilio-token …)` works;
/// with `--json`, `{"token", "kind", "header", "payload", "issuedAt", "expiresAt", "diagnostics"}`.
/// Diagnostics go to standard error in text mode.
func printMinted(_ jwt: String, json: Bool, issuedAt: Int, diagnostics: [Diagnostic]) throws {
    guard json else {
        for finding in diagnostics {
            ProcessIO.writeError("twilio-token: \(finding)\n")
        }
        print(jwt)
        return
    }
    let decoded: UnverifiedToken
    do {
        decoded = try UnverifiedToken(decoding: jwt)
    } catch {
        throw CLIError.failure("internal error: the minted token does not decode: \(error.message)")
    }
    var output: JSONObject = ["token": .string(jwt)]
    output["kind"] = decoded.kind.map { .string($0.rawValue) } ?? .null
    output["header"] = .object(decoded.header)
    output["payload"] = .object(decoded.payload)
    output["issuedAt"] = .string(UnixTime.iso8601(issuedAt))
    if case .int(let expiresAt)? = decoded.payload["exp"] {
        output["expiresAt"] = .string(UnixTime.iso8601(expiresAt))
    }
    output["diagnostics"] = .array(diagnostics.map(\.json))
    print(JSONValue.object(output))
}

extension Diagnostic {
    var json: JSONValue {
        [
            "severity": .string(self.severity.rawValue), "field": .string(self.field),
            "twilioErrorCode": self.twilioErrorCode.map { .int($0) } ?? .null, "message": .string(self.message),
        ]
    }
}
