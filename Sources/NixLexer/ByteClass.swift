/// Character classes of Nix's lexer, as one table lookup per byte.
enum ByteClass {
  static let idStart: UInt8 = 1 << 0  // [a-zA-Z_]
  static let idContinue: UInt8 = 1 << 1  // [a-zA-Z0-9_'-]
  static let pathChar: UInt8 = 1 << 2  // [a-zA-Z0-9._+-]
  static let digit: UInt8 = 1 << 3  // [0-9]
  static let uriScheme: UInt8 = 1 << 4  // [a-zA-Z0-9+.-]
  static let uriBody: UInt8 = 1 << 5  // [a-zA-Z0-9%/?:@&=+$,_.!~*'-]
  static let letter: UInt8 = 1 << 6  // [a-zA-Z]
  static let space: UInt8 = 1 << 7  // [ \t\n\r]

  /// The table as a pointer that lives for the whole process (read without a lazy-global check
  /// in the lexer's inner loops).
  nonisolated(unsafe) static let pointer: UnsafePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    p.initialize(from: table, count: 256)
    return UnsafePointer(p)
  }()

  static let table: [UInt8] = {
    var t = [UInt8](repeating: 0, count: 256)
    func add(_ chars: String, _ flag: UInt8) {
      for b in chars.utf8 { t[Int(b)] |= flag }
    }
    let lower = "abcdefghijklmnopqrstuvwxyz"
    let upper = lower.uppercased()
    let digits = "0123456789"
    for set in [lower, upper] {
      add(set, idStart | idContinue | pathChar | uriScheme | uriBody | letter)
    }
    add(digits, idContinue | pathChar | digit | uriScheme | uriBody)
    add("_", idStart | idContinue | pathChar | uriBody)
    add("'", idContinue | uriBody)
    add("-", idContinue | pathChar | uriScheme | uriBody)
    add(".", pathChar | uriScheme | uriBody)
    add("+", pathChar | uriScheme | uriBody)
    add("%/?:@&=$,!~*", uriBody)
    add(" \t\n\r", space)
    return t
  }()
}
