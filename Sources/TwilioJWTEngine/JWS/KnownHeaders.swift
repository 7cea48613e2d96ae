/// JOSE headers that most tokens carry, spelled byte for byte, encoded and parsed once.
///
/// Nearly every token a server sees carries one of a few headers, the ones its issuer's library writes; decoding and
/// parsing it for every token is wasted work. ``DecodedJWS/decode(_:limits:knownHeaders:)`` compares a token's header
/// segment with their encodings and, on a match, takes the parse (``JSONDocument/Builder/adopt(_:)``); any other
/// header (another order, white space, extra members) is decoded and parsed as usual. Size and depth limits still
/// apply.
package struct KnownHeaders: Sendable {
    /// The base64url of each header.
    private let encoded: [[UInt8]]
    /// The parse of each header: a document whose first node is the header object.
    private let documents: [JSONDocument]
    /// The nesting every header stays within: a token whose limits allow less is parsed as usual.
    private let depth: Int

    /// The headers `texts`, each a JSON object nesting at most `depth` levels.
    package init(_ texts: [String], depth: Int = 1) {
        self.encoded = texts.map { Array(Base64URL.encode($0.utf8).utf8) }
        self.documents = texts.map { text in
            guard let root = try? JSONDocument.parse(text.utf8, maximumDepth: depth), root.object != nil else {
                preconditionFailure("a known header is not a JSON object within \(depth) levels: \(text)")
            }
            return root.document
        }
        self.depth = depth
    }

    /// The number of headers.
    package var count: Int { self.documents.count }

    /// The parse of header `index`.
    package func header(at index: Int) -> JSONObjectView {
        JSONObjectView(document: self.documents[index], node: 0)
    }

    /// The document of header `index`.
    func document(at index: Int) -> JSONDocument {
        self.documents[index]
    }

    /// The position of the header whose encoding is `segment`, if there is one and its parse is within
    /// `maximumDepth`.
    @inline(__always)
    func index(of segment: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Int? {
        guard self.depth <= maximumDepth, let base = segment.baseAddress else { return nil }
        for index in self.encoded.indices where self.encoded[index].count == segment.count {
            // Safe: both buffers hold `segment.count` bytes and are valid for the call.
            let isEqual = unsafe self.encoded[index].withUnsafeBufferPointer { known in
                unsafe SWAR.bytesEqual(known.baseAddress!, base, count: segment.count)
            }
            if isEqual { return index }
        }
        return nil
    }
}
