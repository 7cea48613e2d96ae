/// A Twilio Region, named in the `twr` header of an access token.
///
/// Accounts and API keys live in one region; a token for an application outside US1 must name its region and be
/// signed with an API key of that region. Twilio documents four ids, which are constants here:
///
/// ```swift
/// token.region = .ie1
/// token.region = try Region(id: configuredRegion)      // "ie1"; throws for an id Twilio does not document
/// token.region = .unlisted("xx2")                      // a region Twilio announced after this library was written
/// ```
///
/// A Twilio Region id is two lower-case letters and a digit. Legacy Voice edge ids such as `de1` or `sg1` have that
/// shape but are not regions: in `twr` they are a mistake Twilio rejects, which is why an id Twilio does not document
/// is accepted only through the explicit ``unlisted(_:)``.
public struct Region: Sendable, Hashable, CustomStringConvertible {
    /// The region's id, such as `ie1`.
    public let id: String

    private init(uncheckedID id: String) {
        self.id = id
    }

    /// United States (Oregon): Twilio's default region. A token without a region is a US1 token.
    public static let us1 = Region(uncheckedID: "us1")
    /// Ireland.
    public static let ie1 = Region(uncheckedID: "ie1")
    /// Australia.
    public static let au1 = Region(uncheckedID: "au1")
    /// Japan.
    public static let jp1 = Region(uncheckedID: "jp1")

    /// The regions Twilio documents.
    public static let documented: [Region] = [.us1, .ie1, .au1, .jp1]

    /// The environment variable the region is read from, as Twilio's helper libraries and `twilio-token` read it.
    public static let environmentVariable = "TWILIO_REGION"

    /// A region Twilio added after this library was written. Its id must still be two lower-case letters and a
    /// digit; minting checks that (``TokenError/Code-swift.struct/invalidRegion``). Use it only for a region Twilio has
    /// announced.
    public static func unlisted(_ id: String) -> Region {
        Region(uncheckedID: id)
    }

    /// The documented region with the id `id`, such as `ie1`.
    ///
    /// - Throws: ``TokenError/Code-swift.struct/invalidRegion`` for any other id, saying whether it has the shape of a
    ///   region id (then ``unlisted(_:)`` mints with it) or what is wrong with it.
    public init(id: String) throws(TokenError) {
        if let region = Self.documented.first(where: { $0.id == id }) {
            self = region
            return
        }
        let region = Region(uncheckedID: id)
        try region.validateShape()
        throw TokenError(
            .invalidRegion,
            "region '\(id)' is not a Twilio Region id Twilio documents (\(Self.documentedList); legacy Voice edge ids "
                + "such as 'de1' or 'sg1' are not regions); a region Twilio has added since can be named as unlisted"
        )
    }

    /// Whether Twilio documents this region.
    public var isDocumented: Bool { Self.documented.contains(self) }

    /// Whether the id has the shape of a Twilio Region id: two lower-case ASCII letters and a digit.
    public var isWellFormed: Bool {
        var bytes = self.id.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), let third = bytes.next(), bytes.next() == nil
        else { return false }
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        return letters.contains(first) && letters.contains(second)
            && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(third)
    }

    /// The id.
    public var description: String { self.id }

    /// The region a token's `twr` names: a documented one, or else an unlisted one with that id.
    init(claimed id: String) {
        self = Self.documented.first { $0.id == id } ?? Region(uncheckedID: id)
    }

    /// Checks the region for minting: a documented region, or an unlisted one whose id is well formed.
    func validate() throws(TokenError) {
        if self.isDocumented { return }
        try self.validateShape()
    }

    /// "au1, ie1, jp1, us1".
    private static var documentedList: String {
        Self.documented.map(\.id).sorted().joined(separator: ", ")
    }

    /// Throws when the id is not two lower-case letters and a digit, saying what is wrong and never echoing a long
    /// value (which may be a misplaced secret).
    private func validateShape() throws(TokenError) {
        guard !self.isWellFormed else { return }
        let shape = "a region must be a Twilio Region id: two lower-case letters and a digit, such as 'us1' or 'ie1'"
        let id = self.id
        if id.isEmpty {
            throw TokenError(.invalidRegion, "\(shape); got an empty string (leave the region out for US1 tokens)")
        }
        // Short values cannot be a misplaced secret, so they are safe to show; longer ones are described.
        let seen = id.utf8.count <= 12 ? "'\(id)'" : "\(id.utf8.count) characters"
        let lowered = id.lowercased()
        if lowered != id, Region(uncheckedID: lowered).isWellFormed {
            throw TokenError(.invalidRegion, "\(shape); got \(seen) (region ids are lower-case: '\(lowered)')")
        }
        throw TokenError(.invalidRegion, "\(shape); got \(seen)")
    }
}

extension Region: Encodable {
    /// Encodes the id.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.id)
    }
}
