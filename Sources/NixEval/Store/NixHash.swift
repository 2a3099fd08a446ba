/// A hash as Nix's store deals with them: an algorithm and its digest, read from any of the
/// forms Nix accepts (base-16, Nix's base-32, base-64, each optionally prefixed `algo:`, or an
/// SRI `algo-base64`) and written in each.
struct NixHash: Equatable {
  /// The algorithms of `outputHashAlgo` and `builtins.hashString`.
  enum Algorithm: String, CaseIterable {
    case md5, sha1, sha256, sha512

    /// The digest size in bytes.
    var size: Int {
      switch self {
      case .md5: 16
      case .sha1: 20
      case .sha256: 32
      case .sha512: 64
      }
    }
  }

  var algorithm: Algorithm
  var bytes: [UInt8]

  /// The hash of `data` with `algorithm`.
  init(of data: [UInt8], _ algorithm: Algorithm) {
    self.algorithm = algorithm
    self.bytes = Hashes.digest(algorithm.rawValue, data)!
  }

  init(_ algorithm: Algorithm, bytes: [UInt8]) {
    self.algorithm = algorithm
    self.bytes = bytes
  }

  /// Lowercase hexadecimal, without the algorithm.
  var base16: String { Hashes.hex(bytes) }
  /// Nix's base-32, without the algorithm.
  var nix32: String { NixBase32.encode(bytes) }
  /// `algo-base64`.
  var sri: String { algorithm.rawValue + "-" + Base64.encode(bytes) }

  /// Why a hash could not be read, in Nix's words.
  struct ParseError: Error { let message: String }

  /// `text` read as Nix's `newHashAllowEmpty` reads `outputHash` and `sha256` arguments: an
  /// empty string is the all-zero hash of `algorithm` (with a warning in Nix); otherwise any
  /// form, whose algorithm must agree with `algorithm` when both are known.
  static func parse(allowingEmpty text: String, _ algorithm: Algorithm?) throws(ParseError) -> NixHash {
    if text.isEmpty {
      guard let algorithm else { throw ParseError(message: "empty hash requires explicit hash algorithm") }
      return NixHash(algorithm, bytes: [UInt8](repeating: 0, count: algorithm.size))
    }
    return try parse(text, algorithm)
  }

  /// `text` in any form (Nix's `Hash::parseAny`).
  static func parse(_ text: String, _ expected: Algorithm?) throws(ParseError) -> NixHash {
    var rest = Substring(text)
    var named: Algorithm? = nil
    var isSRI = false
    var prefix: Substring? = nil
    if let colon = rest.firstIndex(of: ":") {
      prefix = rest[..<colon]
      rest = rest[rest.index(after: colon)...]
    } else if let dash = rest.firstIndex(of: "-") {
      prefix = rest[..<dash]
      rest = rest[rest.index(after: dash)...]
      isSRI = true
    }
    if let prefix {
      guard let a = Algorithm(rawValue: String(prefix)) else {
        throw ParseError(message: "unknown hash algorithm '\(prefix)', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'")
      }
      named = a
    }
    if named == nil && expected == nil {
      throw ParseError(message: "hash '\(text)' does not include a type, nor is the type otherwise known from context")
    }
    if let named, let expected, named != expected {
      throw ParseError(message: "hash '\(text)' should have type '\(expected.rawValue)'")
    }
    let algorithm = named ?? expected!
    let digits = Array(rest.utf8)
    let decoded: [UInt8]?
    let formatName: String
    if isSRI {
      formatName = "SRI"
      decoded = Base64.decode(digits)
    } else if digits.count == algorithm.size * 2 {
      formatName = "base16"
      decoded = Base16.decode(digits)
    } else if digits.count == NixBase32.encodedLength(algorithm.size) {
      formatName = "nix32"
      decoded = try? NixBase32.decode(digits).get()
    } else if digits.count == (algorithm.size + 2) / 3 * 4 {
      formatName = "Base64"
      decoded = Base64.decode(digits)
    } else {
      throw ParseError(message: "hash '\(rest)' has wrong length for hash algorithm '\(algorithm.rawValue)'")
    }
    // Nix's decoders report a bad character only in a trace it drops: what is said is the
    // length of what was decoded (nothing).
    let bytes = decoded ?? []
    if bytes.count != algorithm.size {
      throw ParseError(
        message: "invalid \(formatName) hash '\(rest)', length \(bytes.count) != expected length \(algorithm.size)")
    }
    return NixHash(algorithm, bytes: bytes)
  }
}

/// Hexadecimal digits to bytes.
enum Base16 {
  static func decode(_ digits: [UInt8]) -> [UInt8]? {
    guard digits.count % 2 == 0 else { return nil }
    func value(_ c: UInt8) -> UInt8? {
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
      default: nil
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(digits.count / 2)
    var i = 0
    while i < digits.count {
      guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
      out.append(hi << 4 | lo)
      i += 2
    }
    return out
  }
}

/// Standard base-64 with `=` padding, as Nix writes and reads it (reading stops at the first
/// `=` and skips newlines).
enum Base64 {
  static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    var data: UInt32 = 0
    var bits = 0
    for b in bytes {
      data = data << 8 | UInt32(b)
      bits += 8
      while bits >= 6 {
        bits -= 6
        out.append(alphabet[Int(data >> UInt32(bits) & 0x3f)])
      }
    }
    if bits > 0 { out.append(alphabet[Int(data << UInt32(6 - bits) & 0x3f)]) }
    while out.count % 4 != 0 { out.append(UInt8(ascii: "=")) }
    return String(decoding: out, as: UTF8.self)
  }

  static func decode(_ text: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    var data: UInt32 = 0
    var bits = 0
    for c in text {
      if c == UInt8(ascii: "=") { break }
      if c == UInt8(ascii: "\n") { continue }
      guard let digit = alphabet.firstIndex(of: c) else { return nil }
      data = data << 6 | UInt32(digit)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: data >> UInt32(bits)))
      }
    }
    return out
  }
}
