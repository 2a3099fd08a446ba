/// Terminal escape sequences in text bound for a stream that is not a terminal.
public enum ANSIEscapes {
  /// `text` without its escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL` or
  /// `ESC ] … ESC \`, and two-byte `ESC x`), as Nix removes them from messages when standard
  /// error is not a terminal: lib wraps words of its messages in colour codes.
  public static func strip(_ text: String) -> String {
    let bytes = Array(text.utf8)
    guard bytes.contains(0x1B) else { return text }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      guard bytes[i] == 0x1B else {
        out.append(bytes[i])
        i += 1
        continue
      }
      i += 1
      guard i < bytes.count else { break }
      switch bytes[i] {
      case UInt8(ascii: "["):
        // Parameters and intermediates (0x20–0x3F), then one final byte (0x40–0x7E).
        i += 1
        while i < bytes.count, (0x20...0x3F).contains(bytes[i]) { i += 1 }
        if i < bytes.count { i += 1 }
      case UInt8(ascii: "]"):
        i += 1
        while i < bytes.count {
          if bytes[i] == 0x07 { i += 1; break }
          if bytes[i] == 0x1B, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\") { i += 2; break }
          i += 1
        }
      default:
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
