@_spi(Engine) import TwilioJWTEngine

extension UnverifiedToken {
    /// Checks a token against the rules Twilio applies, without verifying its signature: what Twilio would
    /// reject and with which error code.
    ///
    /// Useful to find out why a token minted elsewhere fails: the header (`alg`, `cty`, `typ`; errors 20102 and
    /// 20152), the issuer and subject shapes (20103), the grants (20106), the times against `now` — expired
    /// (20104), not yet valid because of clock skew (20105), valid for more than 24 hours (20157) — the identity
    /// rules of each product (see ``AccessToken/diagnostics()``), the region, Client Validation hashes (20154),
    /// and tokens that mix up capability and access-token claims.
    ///
    /// - Parameter now: The time to check against, in Unix seconds (a time outside 1970…9999 counts as the nearest
    ///   end of that range).
    /// - Returns: The findings; empty for a token Twilio should accept.
    public func lint(at now: Int) -> [Diagnostic] {
        let now = min(max(now, 0), UnixTime.maximum)
        var findings: [Diagnostic] = []
        func warn(_ field: String, _ code: Int?, _ message: String) {
            findings.append(Diagnostic(.warning, field: field, twilioErrorCode: code, message))
        }

        if self.signature.isEmpty {
            warn("signature", 20107, "the token is unsigned; Twilio accepts only signed tokens")
        }
        guard let kind = self.kind else {
            if self.payload["grants"] != nil {
                warn(
                    "header.cty",
                    20102,
                    "the claims have 'grants' like an access token, but the header lacks cty 'twilio-fpa;v=1'"
                )
            } else {
                warn("header.cty", 20101, TokenVerifier.unknownKindError(self.headerReader).message)
            }
            return findings
        }

        // Header.
        let expectedAlgorithms = SignatureAlgorithm.accepted(for: kind)
        if let algorithm = self.algorithm {
            if !(SignatureAlgorithm(name: algorithm).map(expectedAlgorithms.contains) ?? false) {
                let shown = algorithm.utf8.count <= 16 ? "'\(algorithm)'" : "a long value"
                warn(
                    "header.alg",
                    kind == .clientValidation ? 20152 : 20102,
                    "alg is \(shown); Twilio accepts \(expectedAlgorithms.map(\.name).joined(separator: " or ")) for "
                        + kind.article
                )
            }
        } else {
            warn("header.alg", 20102, "the header has no alg")
        }
        if let type = self.header["typ"], type != .string("JWT") {
            warn("header.typ", kind == .clientValidation ? 20152 : 20102, "typ must be 'JWT' when present")
        }
        if kind == .clientValidation, !(self.header["kid"]?.stringValue.map(SIDKind.credential.matches) ?? false) {
            warn("header.kid", 20152, "kid must be the credential SID (CR…) of the public key")
        }
        if kind == .access, let region = self.header["twr"] {
            switch region {
            case .null: break
            // An unlisted but well-formed id is reported by the access token's diagnostics below.
            case .string(let id) where Region.unlisted(id).isWellFormed: break
            default: warn("header.twr", nil, "twr must be a Twilio region id such as 'ie1'")
            }
        }

        // Claims, as the verifier reads them.
        let claims: TokenClaims
        do {
            claims = try self.claims()
        } catch {
            let code: Int?
            switch kind {
            case .access: code = error.code == .missingClaim || error.code == .malformed ? 20106 : 20101
            case .clientValidation: code = error.code == .missingClaim ? 20154 : 20151
            default: code = nil
            }
            warn("claims", code, error.message)
            return findings
        }
        self.lintIssuer(claims, warn: warn)
        self.lintTimes(claims, now: now, warn: warn)

        switch claims {
        case .access(let access):
            if self.payload["scope"] != nil {
                warn(
                    "claims.scope",
                    20106,
                    "an access token carries a capability 'scope' claim; Twilio reads only 'grants' from access tokens"
                )
            }
            findings += access.accessToken.diagnostics(unlistedRegion: .warning)
        case .clientCapability(let capability):
            if self.payload["grants"] != nil {
                warn(
                    "claims.grants",
                    nil,
                    "a Client capability token carries 'grants'; grants belong in an access token (cty 'twilio-fpa;v=1')"
                )
            }
            for scope in capability.unrecognizedScopes {
                let shown = scope.split(separator: "?").first.map(String.init) ?? scope
                warn("claims.scope", nil, "a scope Twilio Client may not understand: \(shown)…")
            }
            findings += ClientCapabilityToken(scopes: capability.scopes).diagnostics()
        case .taskRouter, .clientValidation:
            break
        }
        return findings
    }

    private func lintIssuer(_ claims: TokenClaims, warn: (String, Int?, String) -> Void) {
        switch claims {
        case .access(let access):
            if !SIDKind.apiKey.matches(access.apiKeySID) {
                warn("claims.iss", 20103, "iss must be the SID of the API key that signed the token (SK…)")
            }
            if !SIDKind.account.matches(access.accountSID) {
                warn("claims.sub", 20103, "sub must be the account SID (AC…)")
            }
        case .clientCapability(let capability):
            if !SIDKind.account.matches(capability.accountSID) {
                warn("claims.iss", nil, "iss must be the account SID (AC…) whose auth token signed the token")
            }
        case .taskRouter(let taskRouter):
            if !SIDKind.account.matches(taskRouter.accountSID) {
                warn("claims.iss", nil, "iss must be the account SID (AC…) whose auth token signed the token")
            }
        case .clientValidation:
            break  // Shapes are checked while reading the claims.
        }
    }

    private func lintTimes(_ claims: TokenClaims, now: Int, warn: (String, Int?, String) -> Void) {
        TimeRules.check(claims, at: now, leeway: 0) { violation in
            switch violation {
            case .expired(let expiresAt):
                warn(
                    "claims.exp",
                    20104,
                    "the token expired \(Self.duration(now - expiresAt)) ago, at \(UnixTime.iso8601(expiresAt))"
                )
            case .notYetValid(let notBefore):
                warn(
                    "claims.nbf",
                    20105,
                    "the token is not valid for another \(Self.duration(notBefore - now)) (nbf "
                        + "\(UnixTime.iso8601(notBefore))); if it was just minted, the minting clock runs ahead"
                )
            case .issuedInFuture(let issuedAt):
                warn(
                    "claims.iat",
                    nil,
                    "the token was issued \(Self.duration(issuedAt - now)) in the future; the minting clock runs ahead"
                )
            case .tooLong(let seconds, _):
                warn(
                    "claims.exp",
                    20157,
                    "the token is valid for \(Self.duration(seconds)); Twilio accepts at most 24 hours"
                )
            }
            return true
        }
    }

    /// `59 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
    static func duration(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<120: return "\(seconds) s"
        case ..<7200: return "\(seconds / 60) min"
        case ..<172_800: return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
        }
    }
}
