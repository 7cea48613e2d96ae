/// Twilio Region ids, for the `twr` header of access tokens.
///
/// A Twilio Region id is two lower-case letters and a digit; Twilio documents `us1`, `ie1`, `au1` and `jp1`.
/// Accounts and API keys live in one region; a token for a non-US1 application must name its region and be
/// signed with an API key of that region. Other ids are refused unless the caller says the region is one Twilio
/// added after this library was written (``AccessToken/allowsUnlistedRegion``): a legacy Voice edge id such as
/// `de1` or `sg1` in `twr` is a mistake Twilio would reject.
package enum RegionID {
    /// Region ids that Twilio's documentation names.
    package static let documented: Set<String> = ["us1", "ie1", "au1", "jp1"]

    /// Checks `region`: a documented id, or with `allowingUnlisted`, any well-formed one.
    package static func validate(_ region: String, allowingUnlisted: Bool = false) throws(TokenError) {
        if Self.documented.contains(region) { return }
        if Self.isWellFormed(region) {
            if allowingUnlisted { return }
            throw TokenError(
                .invalidRegion,
                "region '\(region)' is not a Twilio Region id (Twilio documents "
                    + Self.documented.sorted().joined(separator: ", ")
                    + "; legacy Voice edge ids such as 'de1' or 'sg1' are not regions); if Twilio has added this "
                    + "region since, set allowsUnlistedRegion to mint with it"
            )
        }
        let bytes = region.utf8
        let shape =
            "region must be a Twilio region id: two lower-case letters and a digit, such as 'us1', 'ie1' or 'au1'"
        if region.isEmpty {
            throw TokenError(.invalidRegion, "\(shape); got an empty string (leave the region out for US1 tokens)")
        }
        // Short values cannot be a misplaced secret, so they are safe to show; longer ones are described.
        let seen = bytes.count <= 12 ? "'\(region)'" : "\(bytes.count) characters"
        let lowered = region.lowercased()
        if lowered != region, (try? Self.validate(lowered)) != nil {
            throw TokenError(.invalidRegion, "\(shape); got \(seen) (region ids are lower-case: '\(lowered)')")
        }
        throw TokenError(.invalidRegion, "\(shape); got \(seen)")
    }

    /// Two lower-case ASCII letters and a digit. Allocation-free: it runs on every token minted with a region.
    private static func isWellFormed(_ region: String) -> Bool {
        var bytes = region.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), let third = bytes.next(), bytes.next() == nil
        else { return false }
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        return letters.contains(first) && letters.contains(second)
            && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(third)
    }
}
