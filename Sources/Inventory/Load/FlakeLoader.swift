import NixEval
import NixLexer
import NixParser

/// Evaluates a `flake.nix` offline: `outputs` is called with `self` and one value per input.
/// clan-core, nixpkgs and flake-parts are nixinv's own stand-ins; an input bound with
/// `--input NAME=PATH` is read from that folder; any other input fails only when used.
struct FlakeLoader {
  let evaluator: Evaluator
  let globals: ClanGlobals
  /// `--input NAME=PATH` bindings (absolute paths).
  let boundInputs: [String: String]

  /// The flake's outputs, `self` included (`outPath`, `inputs`), for the flake at `path`.
  /// `flake` is the file's value when already evaluated.
  func outputs(of file: SourceFile, flake flakeValue: Value? = nil, depth: Int = 0) throws(EvalError) -> Value {
    let ev = evaluator
    let root: Value
    if let flakeValue { root = flakeValue } else { root = try ev.evaluate(file: file) }
    let flake = try ev.forceAttrs(root, at: .unknown, "while evaluating the flake \(file.name)")
    let sym = ev.symbols
    guard let outputsValue = flake[sym.intern("outputs")] else {
      throw EvalError(.missingAttribute, "flake '\(file.name)' has no 'outputs'", at: .unknown)
    }
    let outputsFunction = try ev.force(outputsValue)
    // Input names: declared `inputs`, then the formals of `outputs`.
    var declared: [(name: String, description: Value?)] = []
    if let inputsValue = flake[sym.intern("inputs")] {
      let inputs = try ev.forceAttrs(inputsValue, at: flake.position(of: sym.intern("inputs")) ?? .unknown, "while evaluating the flake's inputs")
      for (k, v) in zip(inputs.keys, inputs.values) { declared.append((sym[k], v)) }
    }
    if case .lambda(let closure) = outputsFunction, let formals = closure.lambda.formals {
      for f in formals.entries where sym[f.name] != "self" && !declared.contains(where: { $0.name == sym[f.name] }) {
        if f.defaultValue == nil { declared.append((sym[f.name], nil)) }
      }
    }
    let text = String(decoding: file.bytes, as: UTF8.self)
    var inputs = AttrsBuilder()
    for (name, description) in declared {
      let value = try input(name, description, flakeText: text, depth: depth)
      inputs.add(sym.intern(name), value)
    }
    // `self`: the outputs themselves, with `outPath` and `inputs`.
    let selfBox = SelfBox()
    let selfValue = Value.thunk(Thunk { () throws(EvalError) in
      guard let result = selfBox.outputs else {
        throw EvalError(.infiniteRecursion, "infinite recursion encountered (the flake's `self` was used to compute its own outputs)")
      }
      return result
    })
    inputs.add(sym.intern("self"), selfValue)
    let inputsSet = inputs.build()
    let result = try ev.forceAttrs(
      try ev.call(outputsFunction, .attrs(inputsSet), at: .unknown), at: .unknown, "while evaluating the flake's outputs")
    var extra = AttrsBuilder()
    extra.add(sym.intern("outPath"), .string(file.directory))
    extra.add(sym.intern("inputs"), .attrs(inputsSet))
    extra.add(sym.intern("_type"), .string("flake"))
    let full = Value.attrs(result.updated(with: extra.build()))
    selfBox.outputs = full
    return full
  }

  /// The value of input `name`.
  private func input(_ name: String, _ description: Value?, flakeText: String, depth: Int) throws(EvalError) -> Value {
    let ev = evaluator
    if let path = boundInputs[name] {
      return .thunk(Thunk { () throws(EvalError) in try self.local(path, name: name, depth: depth) })
    }
    var url = ""
    if let description {
      let d = try ev.force(description)
      if case .string(let s) = d { url = s.text }
      if case .attrs(let a) = d {
        for key in ["url", "follows"] {
          if let u = a[ev.symbols.intern(key)], case .string(let s) = try ev.force(u) { url += " " + s.text }
        }
      }
    }
    let lower = (name + " " + url).lowercased()
    if name == "nixpkgs" || url.hasSuffix("/nixpkgs") || url.hasSuffix("nixpkgs-unstable") {
      return try globals.nixpkgs(outPath: "<nixpkgs>")
    }
    if lower.contains("clan-core") || lower.contains("clan.lol") || flakeText.contains("\(name).lib.buildClan")
      || flakeText.contains("\(name).lib.clan") || flakeText.contains("\(name).flakeModules")
    {
      return try globals.clanCore(outPath: "<clan-core>")
    }
    if name == "nixpkgs" || lower.contains("nixpkgs") {
      return try globals.nixpkgs(outPath: "<nixpkgs>")
    }
    if lower.contains("flake-parts") {
      return .thunk(Thunk { () throws(EvalError) in try self.flakeParts() })
    }
    return .thunk(Thunk { () throws(EvalError) in
      throw EvalError(.unavailable, "flake input '\(name)' is not available offline; pass --input \(name)=PATH")
    })
  }

  /// An input bound to a local folder: its flake's outputs, or its `default.nix`.
  private func local(_ path: String, name: String, depth: Int) throws(EvalError) -> Value {
    guard depth < 16 else { throw EvalError(.other, "flake inputs nest more than 16 deep (at '\(name)')") }
    let flakeFile = path + "/flake.nix"
    if FileSystem.kind(flakeFile) == .regular {
      try evaluator.checkReadable(flakeFile, at: .unknown)
      let bytes = try evaluator.readFile(flakeFile, at: .unknown)
      let file = evaluator.sources.add(name: flakeFile, directory: path, bytes: bytes)
      return try outputs(of: file, depth: depth + 1)
    }
    return try evaluator.importFile(path, at: .unknown)
  }

  /// flake-parts: `lib.mkFlake`.
  private func flakeParts() throws(EvalError) -> Value {
    let file = evaluator.sources.add(name: "<nixinv/flake-parts.nix>", directory: "/", bytes: Array(FlakePartsSource.text.utf8))
    let function = try evaluator.evaluate(file: file)
    return try evaluator.call(function, [try globals.lib(), .string(ClanGlobals.marker)], at: .unknown)
  }
}

/// Holds a flake's outputs once computed, for its `self`.
final class SelfBox {
  var outputs: Value? = nil
}
