import NixLexer
import NixParser

extension Builtins {
  /// `builtins.derivationStrict`: the store derivation described by a set of attributes, its
  /// `.drv` path and output paths computed as Nix computes them (nothing is written).
  static var derivationPrimOps: [PrimOp] {
    [
      .unary("derivationStrict") { ev, v, span throws(EvalError) in
        try derivationStrict(ev, v, span)
      }
    ]
  }

  private static func derivationStrict(_ ev: Evaluator, _ v: Value, _ span: Span) throws(EvalError) -> Value {
    let attrs = try ev.forceAttrs(v, at: span, "while evaluating the argument passed to builtins.derivationStrict")
    guard let nameIndex = attrs.index(of: ev.names.name) else {
      throw EvalError(.missingAttribute, "attribute 'name' missing", at: span)
        .adding("in the attrset passed as argument to builtins.derivationStrict", at: span)
    }
    let namePosition = attrs.positions[nameIndex].isKnown ? attrs.positions[nameIndex] : span
    let name: String
    do throws(EvalError) {
      name = try ev.forceStringWithoutContext(
        attrs.values[nameIndex], at: namePosition,
        "while evaluating the `name` attribute passed to builtins.derivationStrict"
      ).text
    } catch {
      throw error.adding("while evaluating the derivation attribute 'name'", at: namePosition)
    }
    do throws(EvalError) {
      var builder = DerivationBuilder(ev: ev, name: name, attrs: attrs, span: span)
      return try builder.build()
    } catch {
      throw error.adding(
        "while evaluating derivation '\(name)'\n         whose name attribute is located at \(ev.positionText(namePosition))",
        at: .unknown)
    }
  }
}

/// The work of one `derivationStrict` call: the attributes read in byte order of their names
/// (each to a string of the environment, or into the JSON of `__structuredAttrs`), the
/// context of everything read made into inputs, then the output paths and the `.drv` path.
private struct DerivationBuilder {
  let ev: Evaluator
  let name: String
  let attrs: Attrs
  let span: Span
  var drv: Derivation
  var context = StringContext.empty
  var outputs: [String] = ["out"]
  var outputHash: String? = nil
  var outputHashAlgorithm: NixHash.Algorithm? = nil
  var method: StoreDirectory.IngestionMethod? = nil

  init(ev: Evaluator, name: String, attrs: Attrs, span: Span) {
    self.ev = ev
    self.name = name
    self.attrs = attrs
    self.span = span
    self.drv = Derivation(name: name)
  }

  mutating func build() throws(EvalError) -> Value {
    if let problem = StoreDirectory.checkName(Array(name.utf8)) {
      throw EvalError(.other, "invalid derivation name: \(problem). Please pass a different 'name'.", at: span)
    }
    let symbols = ev.symbols
    var structured: [(key: [UInt8], json: [UInt8])]? = nil
    if let v = attrs[symbols.intern("__structuredAttrs")],
      try ev.forceBool(v, at: span, "while evaluating the `__structuredAttrs` attribute passed to builtins.derivationStrict")
    {
      structured = []
    }
    var ignoreNulls = false
    if let v = attrs[symbols.intern("__ignoreNulls")] {
      ignoreNulls = try ev.forceBool(
        v, at: span, "while evaluating the `__ignoreNulls` attribute passed to builtins.derivationStrict")
    }

    let order = attrs.keys.indices.sorted { symbols.compare(attrs.keys[$0], attrs.keys[$1]) }
    for i in order {
      let key = symbols[attrs.keys[i]]
      if key == "__ignoreNulls" { continue }
      let value = attrs.values[i]
      let position = attrs.positions[i].isKnown ? attrs.positions[i] : span
      do throws(EvalError) {
        if ignoreNulls, case .null = try ev.force(value) { continue }
        try read(key, value, structured: &structured)
      } catch {
        throw error.adding("while evaluating attribute '\(key)' of derivation '\(name)'", at: position)
      }
    }
    if let structured {
      var json: [UInt8] = [UInt8(ascii: "{")]
      for (n, entry) in structured.enumerated() {
        if n > 0 { json.append(UInt8(ascii: ",")) }
        var w = JSONWriter()
        w.writeString(entry.key)
        json.append(contentsOf: w.bytes)
        json.append(UInt8(ascii: ":"))
        json.append(contentsOf: entry.json)
      }
      json.append(UInt8(ascii: "}"))
      drv.environment[Array("__json".utf8)] = json
    }
    try addInputs()

    if drv.builder.isEmpty { throw EvalError(.other, "required attribute 'builder' missing", at: span) }
    if drv.platform.isEmpty { throw EvalError(.other, "required attribute 'system' missing", at: span) }
    if name.hasSuffix(".drv") {
      throw EvalError(
        .other, "derivation names are allowed to end in '.drv' only if they produce a single derivation file",
        at: span)
    }
    let store = ev.store
    if let outputHash {
      if outputs != ["out"] {
        throw EvalError(.other, "multiple outputs are not supported in fixed-output derivations", at: span)
      }
      let hash: NixHash
      do throws(NixHash.ParseError) {
        hash = try NixHash.parse(allowingEmpty: outputHash, outputHashAlgorithm)
      } catch {
        throw EvalError(.other, error.message, at: span)
      }
      if outputHash.isEmpty {
        ev.options.traceSink("warning: found empty hash, assuming '\(hash.sri)'")
      }
      let method = method ?? .flat
      let path = store.directory.fixedOutputPath(name: name, method: method, hash: hash)
      try ev.checkStorePathName(path, name, at: span)
      drv.environment[Array("out".utf8)] = Array(path.utf8)
      drv.outputs["out"] = Derivation.Output(
        path: path, hashAlgorithm: method.prefix + hash.algorithm.rawValue, hash: hash.base16)
    } else {
      for o in outputs {
        drv.environment[Array(o.utf8)] = []
        drv.outputs[o] = Derivation.Output(path: "")
      }
      let hash = try moduloHash(drv, maskOutputs: true)
      for o in outputs {
        let outputName = o == "out" ? name : name + "-" + o
        let path = store.directory.outputPath(output: o, hash: hash, derivationName: name)
        try ev.checkStorePathName(path, outputName, at: span)
        drv.environment[Array(o.utf8)] = Array(path.utf8)
        drv.outputs[o]!.path = path
      }
    }
    let drvName = name + ".drv"
    let drvPath = store.directory.textPath(name: drvName, contents: drv.aterm(), references: drv.references)
    try ev.checkStorePathName(drvPath, drvName, at: span)
    do throws(OfflineStore.MissingDerivation) {
      try store.add(drv, at: drvPath)
    } catch {
      throw EvalError(.other, "path '\(error.path)' is not valid", at: span)
    }

    var b = AttrsBuilder(capacity: 1 + drv.outputs.count)
    b.add(ev.names.drvPath, .string(NixString(drvPath, context: StringContext(.derivationDeep(drvPath)))))
    for (o, output) in drv.outputs {
      b.add(symbols.intern(o), .string(NixString(output.path, context: StringContext(.built(drvPath: drvPath, output: o)))))
    }
    return .attrs(b.build())
  }

  private func moduloHash(_ drv: Derivation, maskOutputs: Bool) throws(EvalError) -> NixHash {
    do throws(OfflineStore.MissingDerivation) {
      return try ev.store.hashModulo(drv, maskOutputs: maskOutputs)
    } catch {
      throw EvalError(.other, "path '\(error.path)' is not valid", at: span)
    }
  }

  /// One attribute (not `__ignoreNulls`).
  private mutating func read(
    _ key: String, _ value: Value, structured: inout [(key: [UInt8], json: [UInt8])]?
  ) throws(EvalError) {
    // As in Nix, errors in an attribute's value have no position of their own: the trace
    // names the attribute.
    let position = Span.unknown
    switch key {
    case "__contentAddressed":
      if try ev.forceBool(value, at: position, "") { throw experimental("ca-derivations", at: position) }
      return
    case "__impure":
      if try ev.forceBool(value, at: position, "") { throw experimental("impure-derivations", at: position) }
      return
    case "args":
      let list = try ev.forceList(value, at: position, "")
      for item in list.items {
        let s = try ev.coerceToString(
          item, at: position, coerceMore: true, "while evaluating an element of the argument list")
        context.formUnion(s.context)
        drv.arguments.append(s.bytes)
      }
      return
    default: break
    }
    if structured != nil {
      if key == "__structuredAttrs" { return }
      var w = JSONWriter()
      try ev.writeJSON(value, at: position, &w)
      if let problem = w.utf8Error { throw EvalError(.other, "JSON serialization error: \(problem)", at: position) }
      context.formUnion(w.context)
      structured!.append((Array(key.utf8), w.bytes))
      switch key {
      case "builder":
        let s = try ev.forceString(value, at: position, "")
        context.formUnion(s.context)
        drv.builder = s.bytes
      case "system": drv.platform = try ev.forceStringWithoutContext(value, at: position, "").bytes
      case "outputHash": outputHash = try ev.forceStringWithoutContext(value, at: position, "").text
      case "outputHashAlgo":
        outputHashAlgorithm = NixHash.Algorithm(rawValue: try ev.forceStringWithoutContext(value, at: position, "").text)
      case "outputHashMode": try hashMode(try ev.forceStringWithoutContext(value, at: position, "").text, at: position)
      case "outputs":
        let list = try ev.forceList(value, at: position, "")
        var names: [String] = []
        for item in list.items { names.append(try ev.forceStringWithoutContext(item, at: position, "").text) }
        try setOutputs(names)
      case "allowedReferences", "allowedRequisites", "disallowedReferences", "disallowedRequisites", "maxSize",
        "maxClosureSize":
        ev.options.traceSink(
          "warning: 'structuredAttrs' disables the effect of the derivation attribute '\(key)'; use 'outputChecks.<output>.\(key)' instead"
        )
      default: break
      }
      return
    }
    let s = try ev.coerceToString(value, at: position, coerceMore: true, "")
    context.formUnion(s.context)
    if key == "__json" {
      ev.options.traceSink(
        "warning: setting structured attributes via '__json' is deprecated, and may be disallowed in future versions of Nix. Set '__structuredAttrs = true' instead."
      )
    }
    drv.environment[Array(key.utf8)] = s.bytes
    switch key {
    case "builder": drv.builder = s.bytes
    case "system": drv.platform = s.bytes
    case "outputHash": outputHash = s.text
    case "outputHashAlgo": outputHashAlgorithm = NixHash.Algorithm(rawValue: s.text)
    case "outputHashMode": try hashMode(s.text, at: position)
    case "outputs":
      let words = s.bytes.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d })
      try setOutputs(words.map { String(decoding: $0, as: UTF8.self) })
    default: break
    }
  }

  private mutating func hashMode(_ mode: String, at position: Span) throws(EvalError) {
    switch mode {
    case "recursive", "nar": method = .recursive
    case "flat": method = .flat
    case "text": throw experimental("dynamic-derivations", at: position)
    case "git": throw experimental("git-hashing", at: position)
    default: throw EvalError(.other, "invalid value '\(mode)' for 'outputHashMode' attribute", at: span)
    }
  }

  private mutating func setOutputs(_ names: [String]) throws(EvalError) {
    var seen: [String] = []
    for n in names {
      if seen.contains(n) { throw EvalError(.other, "duplicate derivation output '\(n)'", at: span) }
      if n == "drvPath" { throw EvalError(.other, "invalid derivation output name 'drvPath'", at: span) }
      seen.append(n)
    }
    if seen.isEmpty { throw EvalError(.other, "derivation cannot have an empty set of outputs", at: span) }
    outputs = seen
  }

  private func experimental(_ feature: String, at position: Span) -> EvalError {
    EvalError(
      .unavailable,
      "experimental Nix feature '\(feature)' is disabled; add '--extra-experimental-features \(feature)' to enable it",
      at: position)
  }

  /// The context of everything read, as inputs: a plain path is a source; a derivation
  /// output needs that derivation; a whole derivation needs everything it refers to, and
  /// every output of every derivation among them.
  private mutating func addInputs() throws(EvalError) {
    let store = ev.store
    for element in context.elements {
      switch element {
      case .opaque(let p): drv.inputSources.insert(p)
      case .built(let d, let o): drv.inputDerivations[d, default: []].insert(o)
      case .derivationDeep(let d):
        guard store.derivations[d] != nil else { throw EvalError(.other, "path '\(d)' is not valid", at: span) }
        for p in store.closure(of: d) {
          drv.inputSources.insert(p)
          if let input = store.derivations[p] { drv.inputDerivations[p, default: []].formUnion(input.outputs.keys) }
        }
      }
    }
  }
}
