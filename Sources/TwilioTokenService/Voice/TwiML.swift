#if TokenService
/// TwiML, written from a tree: element names and attribute names are the program's own constants, and every piece of
/// text or attribute value is escaped as it is written, so no input can close an element or open another.
///
/// The output has the XML declaration and no whitespace between elements, as twilio-python's
/// `VoiceResponse.to_xml()` and twilio-node's `VoiceResponse.toString()` write it.
public struct TwiML: Sendable {
    /// A node of the tree.
    public enum Node: Sendable {
        /// An element: a name, attributes in order, children.
        case element(name: StaticString, attributes: [Attribute], children: [Node])
        /// Character data.
        case text(String)
    }

    /// An attribute: a constant name and an escaped value.
    public struct Attribute: Sendable {
        let name: String
        let value: String

        public init(_ name: StaticString, _ value: String) {
            self.name = name.description
            self.value = value
        }
    }

    /// The `<Response>` element's children.
    public let children: [Node]

    public init(_ children: [Node]) {
        self.children = children
    }

    /// The document.
    public var document: String {
        var output = #"<?xml version="1.0" encoding="UTF-8"?>"#
        Self.write(.element(name: "Response", attributes: [], children: self.children), to: &output)
        return output
    }

    private static func write(_ node: Node, to output: inout String) {
        switch node {
        case .text(let text):
            Self.escape(text, quotes: false, to: &output)
        case .element(let name, let attributes, let children):
            output += "<" + name.description
            for attribute in attributes {
                output += " " + attribute.name + "=\""
                Self.escape(attribute.value, quotes: true, to: &output)
                output += "\""
            }
            if children.isEmpty {
                output += "/>"
            } else {
                output += ">"
                for child in children { Self.write(child, to: &output) }
                output += "</" + name.description + ">"
            }
        }
    }

    /// Escapes the five characters XML gives meaning to, and replaces what XML 1.0 cannot carry at all (control
    /// characters other than tab, line feed and carriage return; U+FFFE and U+FFFF) with U+FFFD.
    static func escape(_ text: String, quotes: Bool, to output: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            case "'" where quotes: output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
#endif
