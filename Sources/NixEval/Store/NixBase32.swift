/// Nix's base-32 encoding of hashes (store path hashes, `nix32` hashes): the digits and 28
/// letters (no `e`, `o`, `u`, `t`), written from the last 5-bit group to the first.
enum NixBase32 {
  static let alphabet: [UInt8] = Array("0123456789abcdfghijklmnpqrsvwxyz".utf8)

  /// The number of characters that encode `byteCount` bytes.
  static func encodedLength(_ byteCount: Int) -> Int { byteCount == 0 ? 0 : (byteCount * 8 - 1) / 5 + 1 }

  /// The encoding of `bytes`.
  static func encode(_ bytes: [UInt8]) -> String {
    let length = encodedLength(bytes.count)
    var out: [UInt8] = []
    out.reserveCapacity(length)
    var n = length - 1
    while n >= 0 {
      let b = n * 5
      let i = b / 8
      let j = b % 8
      var c = Int(bytes[i]) >> j
      if i + 1 < bytes.count { c |= Int(bytes[i + 1]) << (8 - j) }
      out.append(alphabet[c & 0x1f])
      n -= 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes `text` encodes, or the first character that is no base-32 digit.
  static func decode(_ text: [UInt8]) -> Result<[UInt8], DecodeError> {
    var out: [UInt8] = []
    for n in 0..<text.count {
      let c = text[text.count - n - 1]
      guard let digit = alphabet.firstIndex(of: c) else { return .failure(DecodeError(character: c)) }
      let b = n * 5
      let i = b / 8
      let j = b % 8
      while out.count < i + 1 { out.append(0) }
      out[i] |= UInt8(truncatingIfNeeded: digit << j)
      let carry = digit >> (8 - j)
      if carry != 0 {
        while out.count < i + 2 { out.append(0) }
        out[i + 1] |= UInt8(truncatingIfNeeded: carry)
      }
    }
    return .success(out)
  }

  /// A character that is not in the alphabet.
  struct DecodeError: Error { let character: UInt8 }
}
