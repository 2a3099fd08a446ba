/// A store derivation: what `derivationStrict` computes from a derivation's attributes and
/// Nix would write as a `.drv` file, with its ATerm serialisation and the two hashes that
/// name it and its outputs.
///
/// Strings that come from the Nix program (builder, arguments, environment) are bytes, as in
/// Nix; store paths and output names are valid store path characters, so plain Swift strings.
struct Derivation {
  /// One output: its path (empty while the outputs are masked), and for a fixed-output
  /// derivation the hash's method and algorithm (`r:sha256`) and the hash in base-16.
  struct Output {
    var path: String
    var hashAlgorithm: String = ""
    var hash: String = ""
  }

  var name: String
  /// By output name.
  var outputs: [String: Output] = [:]
  /// Derivations this one needs outputs of: `.drv` path → output names.
  var inputDerivations: [String: Set<String>] = [:]
  /// Store paths this one needs as they are.
  var inputSources: Set<String> = []
  var platform: [UInt8] = []
  var builder: [UInt8] = []
  var arguments: [[UInt8]] = []
  /// By variable name.
  var environment: [[UInt8]: [UInt8]] = [:]

  /// Whether this is a fixed-output derivation (its one output `out` has a known hash).
  var isFixedOutput: Bool {
    outputs.count == 1 && !(outputs["out"]?.hash.isEmpty ?? true)
  }

  /// The store paths the `.drv` file refers to: its sources and input derivations.
  var references: [String] { Array(inputSources.union(inputDerivations.keys)) }

  // MARK: - ATerm

  /// The `.drv` text: `Derive([outputs],[input derivations],[sources],platform,builder,[args],[env])`,
  /// every list sorted. `inputs` replaces the input derivations (with their hashes, for the
  /// hash modulo); `maskOutputs` writes every output path as `""`.
  func aterm(inputs: [(key: String, outputs: [String])]? = nil, maskOutputs: Bool = false) -> [UInt8] {
    var s: [UInt8] = []
    s.reserveCapacity(1024)
    func raw(_ text: String) { s.append(contentsOf: text.utf8) }
    func quoted(_ text: String) {
      s.append(UInt8(ascii: "\""))
      s.append(contentsOf: text.utf8)
      s.append(UInt8(ascii: "\""))
    }
    func escaped(_ bytes: [UInt8]) {
      s.append(UInt8(ascii: "\""))
      for c in bytes {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
          s.append(UInt8(ascii: "\\"))
          s.append(c)
        case UInt8(ascii: "\n"): raw("\\n")
        case UInt8(ascii: "\r"): raw("\\r")
        case UInt8(ascii: "\t"): raw("\\t")
        default: s.append(c)
        }
      }
      s.append(UInt8(ascii: "\""))
    }
    func list<T>(_ items: [T], _ each: (T) -> Void) {
      s.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { s.append(UInt8(ascii: ",")) }
        each(item)
      }
      s.append(UInt8(ascii: "]"))
    }
    let byBytes: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }

    raw("Derive(")
    list(outputs.keys.sorted(by: byBytes)) { name in
      let o = outputs[name]!
      raw("(")
      quoted(name)
      raw(",")
      quoted(maskOutputs ? "" : o.path)
      raw(",")
      quoted(o.hashAlgorithm)
      raw(",")
      quoted(o.hash)
      raw(")")
    }
    raw(",")
    let drvs = inputs ?? inputDerivations.map { ($0.key, Array($0.value)) }
    list(drvs.sorted { byBytes($0.0, $1.0) }) { entry in
      raw("(")
      quoted(entry.0)
      raw(",")
      list(entry.1.sorted(by: byBytes)) { quoted($0) }
      raw(")")
    }
    raw(",")
    list(inputSources.sorted(by: byBytes)) { quoted($0) }
    raw(",")
    s.append(UInt8(ascii: "\""))
    s.append(contentsOf: platform)
    s.append(UInt8(ascii: "\""))
    raw(",")
    escaped(builder)
    raw(",")
    list(arguments) { escaped($0) }
    raw(",")
    list(environment.keys.sorted { $0.lexicographicallyPrecedes($1) }) { key in
      raw("(")
      escaped(key)
      raw(",")
      escaped(environment[key]!)
      raw(")")
    }
    raw(")")
    return s
  }
}
