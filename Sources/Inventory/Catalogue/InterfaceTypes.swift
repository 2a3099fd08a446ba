import NixEval
import NixLexer
import NixParser

/// Converting option types: a `lib.types` value (a set with `_type = "option-type"`) becomes
/// an ``OptionType`` by its `name`, its nested types read from `nestedTypes` (`elemType`;
/// `left`, `right`; `coercedType`, `finalType`), its parameters from `functor.payload`
/// (`pattern`, `sep`, `values`, a submodule's `specialArgs`), nixinv's `bounds` and
/// `coerceFunc`, and a submodule's modules from `getSubModules`.
///
/// Types ``OptionType`` has no case for become the nearest one: `nonEmptyStr` a string,
/// `numbers.*` an integer or float, `pathInStore` and the other `pathWith`s a path,
/// `package` and `functionTo` raw values, `nonEmptyListOf` a list, `uniq`/`unique` their
/// element type, an `enum` of other values than strings and any type nixinv does not know
/// `unspecified` (nixpkgs' default merge), `attrTag` a submodule of its tags. A type met again
/// inside itself (`types.json`, a recursive submodule) is `anything` there, and so is any type
/// nested 48 deep or met after 5 000 conversions.
extension ModuleOptionsReader {
  /// The ``OptionType`` of the type `value`, declared for the option at `path`; `extraModules`
  /// join a submodule type's own (options nested under a submodule option).
  func optionType(_ value: Value, _ path: [String], at span: Span, extraModules: [Value] = []) throws(InventoryError) -> OptionType {
    let forced = try eval { () throws(EvalError) in try ev.force(value) }
    guard case .attrs(let t) = forced, try tag(of: t) == "option-type" else {
      throw InventoryError(
        .wrongType,
        "The type of option `\(dotted(path))' is \(forced.typeDescription), not an option type (a lib.types value)", at: span)
    }
    let id = ObjectIdentifier(t)
    if extraModules.isEmpty, let (_, known) = converted[id] { return known }
    // A recursive type, or one that nests or branches past reason (types made by a function
    // that calls itself), is `anything` from there on.
    guard !converting.contains(id), nesting < 48, conversions < 5_000 else { return .anything(listsConcatenate: false) }
    conversions += 1
    converting.insert(id)
    nesting += 1
    defer {
      converting.remove(id)
      nesting -= 1
    }
    let result = try convert(t, path, at: span, extraModules: extraModules)
    if extraModules.isEmpty { converted[id] = (t, result) }
    return result
  }

  private func convert(_ t: Attrs, _ path: [String], at span: Span, extraModules: [Value]) throws(InventoryError) -> OptionType {
    let name = try string(t[s.name]) ?? ""
    func element(_ key: Symbol) throws(InventoryError) -> OptionType {
      guard let inner = try nested(t, key) else {
        throw InventoryError(.wrongType, "The type `\(name)' of option `\(dotted(path))' has no nestedTypes.\(ev.symbols[key])", at: span)
      }
      return try optionType(inner, path, at: span)
    }
    switch name {
    case "submodule":
      return .submodule(try submoduleType(t, path, at: span, extraModules: extraModules))
    case "nullOr": return .nullOr(try element(s.elemType))
    case "listOf": return .listOf(try element(s.elemType))
    case "attrsOf", "loaOf": return .attrsOf(try element(s.elemType))
    case "lazyAttrsOf": return .lazyAttrsOf(try element(s.elemType))
    case "unique": return try element(s.elemType)
    case "either": return .either(try element(s.left), try element(s.right))
    case "coercedTo":
      let from = try element(s.coercedType)
      let to = try element(s.finalType)
      guard let function = t[s.coerceFunc] else { return .either(to, from) }
      return .coercedTo(from, function, to)
    case "enum":
      let values = try payload(t)?[s.values]
      let list = try values.map { v throws(InventoryError) in try eval { () throws(EvalError) in try ev.forceList(v, at: span, "while evaluating an enum's values") } }
      var cases: [String] = []
      for item in list?.items ?? [] {
        guard let text = try string(item) else { return .unspecified }
        cases.append(text)
      }
      return .enumeration(cases)
    case "separatedString":
      return .separatedString(try string(try payload(t)?[s.sep]) ?? "")
    case "intBetween", "unsignedInt", "positiveInt", "unsignedInt8", "unsignedInt16", "unsignedInt32", "signedInt8",
      "signedInt16", "signedInt32":
      let description = try string(t[s.description]) ?? name
      let (lo, hi) = try bounds(t, name, description)
      return .intBetween(min: lo, max: hi, description: description)
    case "numberBetween", "numberNonnegative", "numberPositive": return .either(.int, .float)
    case "attrTag": return .submodule(try tagsSubmodule(t, path, at: span))
    default:
      if name.hasPrefix("strMatching"), let pattern = try string(try payload(t)?[s.pattern]) { return .strMatching(pattern) }
      if let type = Self.simpleTypes[name] { return type }
      // A type made from another (`addCheck`, `passwdEntry`) keeps the other's functor.
      let functorName = try string(try attrs(t[s.functor])?[s.name])
      if let functorName, let type = Self.simpleTypes[functorName] { return type }
      return .unspecified
    }
  }

  /// The types without parameters, by name.
  static let simpleTypes: [String: OptionType] = [
    "str": .string, "nonEmptyStr": .string, "singleLineStr": .singleLineString, "bool": .bool, "boolByOr": .bool,
    "int": .int, "float": .float, "path": .path, "package": .raw, "raw": .raw, "functionTo": .raw,
    "anything": .anything(listsConcatenate: false), "unspecified": .unspecified, "attrs": .attrs,
    "deferredModule": .deferredModule,
  ]

  /// The submodule a submodule type declares: its modules (`getSubModules`) with its
  /// specialArgs (`functor.payload.specialArgs`).
  func submoduleType(_ t: Attrs, _ path: [String], at span: Span, extraModules: [Value]) throws(InventoryError) -> Submodule {
    var modules: [Value] = []
    if let list = t[s.getSubModules] {
      let forced = try eval { () throws(EvalError) in try ev.force(list) }
      if case .list(let l) = forced { modules = l.items }
    }
    let special = try attrs(try payload(t)?[s.specialArgs])
    return try submodule(modules + extraModules, specialArgs: special, isSubmodule: true, path: path + ["<name>"], at: span)
  }

  /// `attrTag`'s tags (options, in `nestedTypes`) as a submodule: each tag checked as its
  /// option's type, none required (one tag is given, which `Submodule` cannot say).
  func tagsSubmodule(_ t: Attrs, _ path: [String], at span: Span) throws(InventoryError) -> Submodule {
    guard let tags = try attrs(t[s.nestedTypes]) else { return Submodule([:], unknownCode: .unknownSetting) }
    var options: [String: OptionType] = [:]
    var descriptions: [String: String] = [:]
    for (key, value) in zip(tags.keys, tags.values) {
      let name = ev.symbols[key]
      guard let option = try attrs(value) else { continue }
      let merged = MergedOption(type: option[s.type], description: option[s.description], span: span)
      options[name] = try merged.type.map { v throws(InventoryError) in try optionType(v, path + [name], at: span) } ?? .unspecified
      if let text = description(merged) { descriptions[name] = text }
    }
    return Submodule(options, defaults: options.mapValues { _ in .hidden }, descriptions: descriptions, unknownCode: .unknownSetting)
  }

  /// An integer range's bounds: nixinv's `bounds`, else what nixpkgs' names and
  /// description say.
  func bounds(_ t: Attrs, _ name: String, _ description: String) throws(InventoryError) -> (Int64?, Int64?) {
    if let b = try attrs(t[s.bounds]) { return (try int(b[s.lowest]), try int(b[s.highest])) }
    switch name {
    case "unsignedInt": return (0, nil)
    case "positiveInt": return (1, nil)
    case "unsignedInt8": return (0, 255)
    case "unsignedInt16": return (0, 65535)
    case "unsignedInt32": return (0, 4_294_967_295)
    case "signedInt8": return (-128, 127)
    case "signedInt16": return (-32768, 32767)
    case "signedInt32": return (-2_147_483_648, 2_147_483_647)
    default:
      // "integer between LO and HI (both inclusive)"
      let words = description.split(separator: " ")
      guard let i = words.firstIndex(of: "between"), i + 3 < words.count else { return (nil, nil) }
      return (Int64(words[i + 1]), Int64(words[i + 3]))
    }
  }

  // MARK: - Reading type sets

  /// The type's `name`.
  func typeName(_ type: Value) throws(InventoryError) -> String? {
    try string(try attrs(type)?[s.name])
  }

  /// The type's `description` (for messages).
  func typeDescription(_ type: Value) throws(InventoryError) -> String {
    try string(try attrs(type)?[s.description]) ?? "<no description>"
  }

  /// `nestedTypes.<key>` of a type.
  func nested(_ t: Attrs, _ key: Symbol) throws(InventoryError) -> Value? {
    try attrs(t[s.nestedTypes])?[key]
  }

  /// `functor.payload` of a type (when it is a set).
  func payload(_ t: Attrs) throws(InventoryError) -> Attrs? {
    try attrs(try attrs(t[s.functor])?[s.payload])
  }

  func attrs(_ value: Value?) throws(InventoryError) -> Attrs? {
    guard let value else { return nil }
    if case .attrs(let a) = try eval({ () throws(EvalError) in try ev.force(value) }) { return a }
    return nil
  }

  func string(_ value: Value?) throws(InventoryError) -> String? {
    guard let value else { return nil }
    if case .string(let text) = try eval({ () throws(EvalError) in try ev.force(value) }) { return text.text }
    return nil
  }

  func int(_ value: Value?) throws(InventoryError) -> Int64? {
    guard let value else { return nil }
    if case .int(let i) = try eval({ () throws(EvalError) in try ev.force(value) }) { return i }
    return nil
  }
}
