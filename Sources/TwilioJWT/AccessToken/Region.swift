/// Twilio Region ids, for the `twr` header of access tokens.
///
/// A Twilio Region id is two lower-case letters and a digit (`us1`, `ie1`, `au1`, `jp1`). Accounts and API
/// keys live in one region; a token for a non-US1 application must name its region and be signed with an
/// API key of that region.
package enum RegionID {
    /// Region ids that Twilio's documentation names. Other well-formed ids are accepted (Twilio adds
    /// regions), and reported by diagnostics.
    package static let documented: Set<String> = ["us1", "ie1", "au1", "jp1"]

    package static func validate(_ region: String) throws(TokenError) {
        let bytes = Array(region.utf8)
        let isWellFormed =
            bytes.count == 3
            && bytes[0] >= UInt8(ascii: "a") && bytes[0] <= UInt8(ascii: "z")
            && bytes[1] >= UInt8(ascii: "a") && bytes[1] <= UInt8(ascii: "z")
            && bytes[2] >= UInt8(ascii: "0") && bytes[2] <= UInt8(ascii: "9")
        if isWellFormed { return }
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
}
