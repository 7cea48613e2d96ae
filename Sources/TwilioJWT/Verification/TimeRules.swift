/// The rules on a token's time claims, in one place: the verifier enforces them (the first broken rule is its
/// error) and lint reports each broken one with Twilio's error code.
///
/// - `exp` must be after the verification time (Twilio error 20104);
/// - `nbf`, when present, must not be after it (20105), nor `iat` (a clock that runs ahead);
/// - the token may be valid for at most 24 hours (20157), measured from the later of `iat` and `nbf` when the token
///   states either (twilio-python writes `nbf` and no `iat`; twilio-node writes both), and from the verification time
///   otherwise.
///
/// `leeway` seconds of clock difference are tolerated on each comparison with the verification time.
enum TimeRules {
    /// A broken rule.
    enum Violation: Equatable {
        /// `exp` is not after the verification time.
        case expired(expiresAt: Int)
        /// `nbf` is after the verification time.
        case notYetValid(notBefore: Int)
        /// `iat` is after the verification time.
        case issuedInFuture(issuedAt: Int)
        /// The token is valid for `seconds` from `start`, more than 24 hours.
        case tooLong(seconds: Int, from: Start)
    }

    /// What a token's validity is measured from.
    enum Start: Equatable {
        /// Its `iat` (the later of `iat` and `nbf`).
        case issuedAt
        /// Its `nbf` (the later of the two, or the only one).
        case notBefore
        /// The verification time: the token states neither.
        case now
    }

    /// Calls `report` with each rule `claims` break at `now`, in the order above, until it returns `false`.
    static func check(
        _ claims: some VerifiableClaims,
        at now: Int,
        leeway: Int,
        report: (Violation) -> Bool
    ) {
        let expiresAt = claims.expiresAt
        if now >= expiresAt + leeway, !report(.expired(expiresAt: expiresAt)) { return }
        if let notBefore = claims.notBefore, notBefore > now + leeway,
            !report(.notYetValid(notBefore: notBefore))
        {
            return
        }
        if let issuedAt = claims.issuedAt, issuedAt > now + leeway, !report(.issuedInFuture(issuedAt: issuedAt)) {
            return
        }
        if let start = claims.validityStart {
            if expiresAt - start > TimeToLive.maximum {
                _ = report(
                    .tooLong(seconds: expiresAt - start, from: start == claims.issuedAt ? .issuedAt : .notBefore))
            }
        } else if expiresAt - now > TimeToLive.maximum + leeway {
            _ = report(.tooLong(seconds: expiresAt - now, from: .now))
        }
    }

    /// The first rule `claims` break at `now`, if any.
    static func firstViolation(_ claims: some VerifiableClaims, at now: Int, leeway: Int) -> Violation? {
        var first: Violation? = nil
        Self.check(claims, at: now, leeway: leeway) { violation in
            first = violation
            return false
        }
        return first
    }
}
