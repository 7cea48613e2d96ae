import Testing

@testable import TwilioJWT

/// The verifier looks members up by `MemberName`: packed words for short plain names, one-pass indexes of the
/// well-known members of a header or claims. Each must find exactly what a `String` lookup finds.
@Suite("Member names: packed lookups and the well-known member index agree with String lookups")
struct MemberNameTests {
    @Test("every well-known name has its slot, and the packed constants of the switch are its bytes")
    func wellKnownSlots() {
        for (slot, name) in MemberName.wellKnown.enumerated() {
            #expect(name.slot == slot, "\(name)")
            #expect(name.count <= MemberName.packedCount, "\(name)")
            #expect(MemberName.slot(packed: name.packed) == slot, "\(name)")
            #expect(MemberName.slot(text: name.text) == slot, "\(name)")
        }
        #expect(Set(MemberName.wellKnown.map(\.text)).count == MemberName.wellKnown.count)
        #expect(MemberName.slot(packed: MemberName("is").packed) == nil)
        #expect(MemberName.slot(packed: MemberName("issx").packed) == nil)
        #expect(MemberName("application_sid").slot == -1)
    }

    /// Names written plainly, with escapes, canonically equivalent, and near misses, at every length around the
    /// eight bytes that are packed.
    static let names = [
        "iss", "is", "issu", "x5t#S256", "x5t#S25", "x5t#S2567", "grants", "policies", "policiesX", "K", "k", "room",
        "application_sid", "nbf", "", "\u{212A}", "é", "e\u{301}",
    ]

    static let text = #"""
        {"iss":1,"\u0069at":2,"x5t#S256":3,"grant\u0073":4,"K":5,"é":6,"policies":7,"application_sid":8,"":9,
        "aud":10,"crit":11}
        """#

    @Test("a packed lookup finds what a String lookup finds", arguments: Self.names)
    func packedLookup(name: String) throws {
        var builder = JSONDocument.Builder(copying: Array(Self.text.utf8))
        let root = try builder.parse(0..<Self.text.utf8.count, maximumDepth: 16)
        let document = builder.build()
        let expected = JSONObject(document: document, node: root).first { $0.key == name }?.value
        let found = document.memberValueIndex(named: MemberName(name), inObjectAt: root).map(document.value(at:))
        #expect(found == expected)
    }

    @Test("the well-known index finds every well-known member, however its name is written")
    func knownMembers() throws {
        let bytes = Array(Self.text.utf8)
        var builder = JSONDocument.Builder(copying: bytes + bytes)
        let indexedRoot = try builder.parse(0..<bytes.count, maximumDepth: 16)
        let plainRoot = try builder.parse(bytes.count..<(2 * bytes.count), maximumDepth: 16)
        builder.indexKnownMembers(ofObjectAt: indexedRoot)
        let document = builder.build()
        let indexed = ClaimReader(document: document, node: indexedRoot, part: .claims)
        let plain = ClaimReader(document: document, node: plainRoot, part: .claims)
        #expect(MemberName.wellKnown.count == MemberName.wellKnownCount)
        for name in MemberName.wellKnown + [MemberName("application_sid"), MemberName("K"), MemberName("\u{212A}")] {
            #expect(
                indexed.valueIndex(name).map(document.value(at:)) == plain.valueIndex(name).map(document.value(at:)),
                "\(name)"
            )
        }
        #expect(indexed.value(.iat) == 2)  // written "\u0069at"
        #expect(indexed.value(.grants) == 4)  // written "grant\u0073"
        #expect(indexed.value(.x5tS256) == 3)
        #expect(indexed.value(.policies) == 7)
        #expect(indexed.value(.exp) == nil)
    }

    @Test(
        "the packed grant names are the bytes of their names",
        arguments: [
            (MemberName.Packed.identity, "identity"), (MemberName.Packed.voice, "voice"),
            (MemberName.Packed.video, "video"), (MemberName.Packed.chat, "chat"), (MemberName.Packed.rtc, "rtc"),
            (MemberName.Packed.player, "player"), (MemberName.Packed.incoming, "incoming"),
            (MemberName.Packed.outgoing, "outgoing"), (MemberName.Packed.params, "params"),
            (MemberName.Packed.allow, "allow"),
        ]
    )
    func packedGrantNames(packed: UInt64, text: String) throws {
        #expect(packed == MemberName(text).packed)
        #expect(packed != 0)
        // And the document packs the same name, written plainly, to the same word.
        let json = Array(#"{"\#(text)":0}"#.utf8)
        var builder = JSONDocument.Builder(copying: json)
        let root = try builder.parse(0..<json.count, maximumDepth: 16)
        let document = builder.build()
        #expect(document.packedName(at: document.memberNameIndex(0, inObjectAt: root)) == packed)
    }

    @Test("the unusual-header mask is the slots of crit and the header members the verifier refuses")
    func unusualHeaderMask() {
        let names = [MemberName.crit] + MemberName.unsupportedHeaderMembers + MemberName.keyHeaderMembers
        #expect(MemberName.unusualHeaderMask == names.reduce(0) { $0 | 1 << UInt32($1.slot) })
    }

    /// Each well-known name alone, then beside another well-known member, indexed or not.
    @Test(
        "hasAnyMember(ofMask:) says what looking each member up says, indexed or not",
        arguments: MemberName.wellKnown
    )
    func presenceMask(name: MemberName) throws {
        let other = name.text == "aud" ? "exp" : "aud"
        for text in [#"{"\#(name.text)":1}"#, #"{"\#(other)":0,"\#(name.text)":1}"#, #"{"\#(other)":0}"#, "{}"] {
            let bytes = Array(text.utf8)
            var builder = JSONDocument.Builder(copying: bytes + bytes)
            let indexedRoot = try builder.parse(0..<bytes.count, maximumDepth: 16)
            let plainRoot = try builder.parse(bytes.count..<(2 * bytes.count), maximumDepth: 16)
            builder.indexKnownMembers(ofObjectAt: indexedRoot)
            let document = builder.build()
            for mask in [MemberName.unusualHeaderMask, 1 << UInt32(name.slot), UInt32(0)] {
                let expected = MemberName.wellKnown.contains {
                    mask & (1 << UInt32($0.slot)) != 0 && text.contains("\"\($0.text)\"")
                }
                #expect(document.hasAnyMember(ofMask: mask, inObjectAt: indexedRoot) == expected, "\(text) \(mask)")
                #expect(document.hasAnyMember(ofMask: mask, inObjectAt: plainRoot) == expected, "\(text) \(mask)")
            }
        }
    }
}
