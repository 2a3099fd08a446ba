import NixEval
import NixLexer
import NixParser

/// Reads the settings options of a role of a clan.service module of the clan's own
/// (`roles.<r>.interface`) by evaluating the interface module with nixinv's `lib`.
///
/// Only the declarations are evaluated, as nixpkgs' module system collects them: the module (a
/// set, a function of `{ lib, config, options, … }`, or a path to import), its `imports`, its
/// `options` (nested sets of `lib.mkOption`s; a plain set of options becomes a submodule
/// option) and its `freeformType` (or `config._module.freeformType`). Each option's `type`
/// becomes an ``OptionType`` by the type's `name` (``ModuleOptionsReader/optionType(_:_:at:extraModules:)``),
/// its `default` an ``OptionDefault`` (``ModuleOptionsReader/optionDefault(_:type:comparedWith:_:)``)
/// and its `description` the submodule's description.
enum InterfaceReader {
  /// The options `interface` declares (a module: a set, a function of `{ lib, … }` or a path),
  /// as a ``Submodule`` whose unknown names are `unknown-setting`s.
  static func settings(
    of interface: Value, module: String, role: String, _ ev: Evaluator, lib: Value, at span: Span
  ) throws(InventoryError) -> SettingsInterface {
    let reader = ModuleOptionsReader(
      ev, lib: lib, at: span,
      context: "while reading the settings interface of role '\(role)' of the clan.service module '\(module)'")
    return .options(try reader.submodule([interface], specialArgs: nil, isSubmodule: false, path: [], at: span))
  }
}

/// Evaluates modules for their option declarations, never their `config`: a module function
/// gets `lib`, its specialArgs and (in a submodule) `name`; every other argument it asks for,
/// `config` and `options` among them, throws when used, so that a default computed from them
/// reads as ``OptionDefault/hidden``.
final class ModuleOptionsReader {
  /// The `name` a submodule's modules get while their declarations are read: nixpkgs' own
  /// placeholder (its documentation shows it, and so do clan's settings schemas). A default
  /// holding it stands for the attribute's name (see ``optionDefault(_:type:comparedWith:_:)``).
  static let namePlaceholder = "‹name›"
  /// A second name, to tell the defaults that depend on `name` (see ``namePlaceholder``).
  static let otherNamePlaceholder = "‹another name›"

  let ev: Evaluator
  let lib: Value
  /// The interface's position: errors without a position of their own are reported there.
  let span: Span
  /// The trace line evaluation errors get.
  let context: String
  let s: InterfaceSymbols
  /// Types converted, by the identity of their set (the set kept, so its identity stays unique).
  var converted: [ObjectIdentifier: (Attrs, OptionType)] = [:]
  /// Types being converted (a type met again inside itself is recursive).
  var converting: Set<ObjectIdentifier> = []
  /// How deeply types nest in the conversion under way.
  var nesting = 0
  /// Types converted so far (not counting those found in ``converted``).
  var conversions = 0

  init(_ ev: Evaluator, lib: Value, at span: Span, context: String) {
    self.ev = ev
    self.lib = lib
    self.span = span
    self.context = context
    self.s = InterfaceSymbols(ev.symbols)
  }

  // MARK: - Submodules

  /// The options `modules` declare together, as a submodule (`isSubmodule`: a submodule
  /// type's modules, which get `name`; otherwise the interface itself).
  func submodule(
    _ modules: [Value], specialArgs: Attrs?, isSubmodule: Bool, path: [String], at span: Span
  ) throws(InventoryError) -> Submodule {
    let name: Value? = isSubmodule ? .string(Self.namePlaceholder) : nil
    let walk = ModuleWalk(name: name, specialArgs: specialArgs)
    for module in modules { try collect(module, walk, depth: 0, at: span) }
    // Read the declarations again under another name to see which defaults depend on it.
    var comparison: OptionTree? = nil
    if isSubmodule && walk.calledFunction {
      let again = ModuleWalk(name: .string(Self.otherNamePlaceholder), specialArgs: specialArgs)
      do throws(InventoryError) {
        for module in modules { try collect(module, again, depth: 0, at: span) }
        comparison = again.tree
      } catch {
        comparison = OptionTree()
      }
    }
    return try build(walk.tree, comparedWith: comparison, path: path)
  }

  /// The ``Submodule`` of the declarations in `tree`; `comparison` holds the same modules'
  /// declarations read under another `name`.
  func build(_ tree: OptionTree, comparedWith comparison: OptionTree?, path: [String]) throws(InventoryError) -> Submodule {
    var options: [String: OptionType] = [:]
    var defaults: [String: OptionDefault] = [:]
    var descriptions: [String: String] = [:]
    for name in tree.names {
      let here = path + [name]
      let nested = tree.namespaces[name]
      guard let declarations = tree.declarations[name], !declarations.isEmpty else {
        guard let nested else { continue }
        let inner = try build(nested, comparedWith: comparison?.namespaces[name], path: here)
        options[name] = .submodule(inner)
        defaults[name] = Self.collectedDefault(inner)
        continue
      }
      let option = try merge(declarations, here)
      var extraModules: [Value] = []
      if let nested {
        // nixpkgs: options nested under a declared option join it only if it is a submodule.
        guard let type = option.type, try typeName(type) == "submodule" else {
          let shown = try option.type.map { t throws(InventoryError) in try typeDescription(t) } ?? "<no description>"
          throw InventoryError(
            .wrongType,
            "The option `\(dotted(here))' in `\(position(option.span))' would be a parent of the following options, but its type `\(shown)' does not support nested options.\n"
              + nested.names.map { "       - option(s) with prefix `\(dotted(here + [$0]))' in `\(position(nested.span))'" }.joined(separator: "\n"),
            at: nested.span)
        }
        extraModules = nested.sources.map(optionsModule)
      }
      let type = try option.type.map { t throws(InventoryError) in
        try optionType(t, here, at: option.span, extraModules: extraModules)
      } ?? .unspecified
      options[name] = type
      let compared = comparison.map { $0.declarations[name] ?? [] }
      defaults[name] = try optionDefault(option, type: type, comparedWith: compared, here)
      if let text = description(option) { descriptions[name] = text }
    }
    let freeform = try freeformType(tree.freeforms, path)
    return Submodule(options, freeform: freeform, defaults: defaults, descriptions: descriptions, unknownCode: .unknownSetting)
  }

  /// The declarations of one option merged (nixpkgs' `mergeOptionDecls`).
  func merge(_ declarations: [OptionDeclaration], _ path: [String]) throws(InventoryError) -> MergedOption {
    var merged = MergedOption(span: declarations[0].span)
    var given: [Symbol: Span] = [:]
    for d in declarations {
      for key in [s.defaultValue, s.example, s.description, s.apply] where d.attrs[key] != nil {
        if let first = given[key] { throw alreadyDeclared(path, d.span, first) }
        given[key] = d.span
      }
      if let type = d.attrs[s.type] {
        if let existing = merged.type {
          guard let both = try mergeTypes(existing, type) else { throw alreadyDeclared(path, d.span, merged.span) }
          merged.type = both
        } else {
          merged.type = type
        }
      }
      merged.defaultValue = merged.defaultValue ?? d.attrs[s.defaultValue]
      merged.defaultText = merged.defaultText ?? d.attrs[s.defaultText]
      merged.description = merged.description ?? d.attrs[s.description]
    }
    return merged
  }

  /// `a.typeMerge b.functor`: the two types as one, or `nil` when they do not merge.
  func mergeTypes(_ a: Value, _ b: Value) throws(InventoryError) -> Value? {
    let merged = try eval { () throws(EvalError) in
      let left = try ev.forceAttrs(a, at: span, "while evaluating an option type")
      let right = try ev.forceAttrs(b, at: span, "while evaluating an option type")
      guard let typeMerge = left[s.typeMerge], let functor = right[s.functor] else { return Value.null }
      return try ev.force(try ev.call(typeMerge, functor, at: span))
    }
    if case .null = merged { return nil }
    return merged
  }

  /// The merged freeform type, as the type of each name not declared (`attrsOf t` gives `t`).
  func freeformType(_ declared: [(type: Value, span: Span)], _ path: [String]) throws(InventoryError) -> OptionType? {
    guard var merged = declared.first?.type else { return nil }
    for (type, span) in declared.dropFirst() {
      guard let both = try mergeTypes(merged, type) else {
        throw alreadyDeclared(path + ["_module", "freeformType"], span, declared[0].span)
      }
      merged = both
    }
    let forced = try eval { () throws(EvalError) in try ev.force(merged) }
    if case .null = forced { return nil }
    let at = declared[0].span
    if case .attrs(let t) = forced, let name = try? typeName(forced), name == "attrsOf" || name == "lazyAttrsOf",
      let element = try nested(t, s.elemType)
    {
      return try optionType(element, path + ["<name>"], at: at)
    }
    return try optionType(forced, path + ["<name>"], at: at)
  }

  // MARK: - Errors

  /// Runs an evaluation step; its failure is an ``InventoryError`` with the interface's trace
  /// line, at the failure's position (or the innermost one its trace has, or the interface's).
  func eval<T>(_ body: () throws(EvalError) -> T) throws(InventoryError) -> T {
    do throws(EvalError) {
      return try body()
    } catch {
      var failure = InventoryError(error.adding(context, at: span))
      if !failure.span.isKnown { failure.span = error.trace.first { $0.span.isKnown }?.span ?? span }
      throw failure
    }
  }

  func alreadyDeclared(_ path: [String], _ at: Span, _ first: Span) -> InventoryError {
    var e = InventoryError(.evalError, "The option `\(dotted(path))' in `\(position(at))' is already declared in `\(position(first))'.", at: at)
    e.related = [("first declared here", first)]
    return e
  }

  /// `file:line:column` of a position.
  func position(_ span: Span) -> String {
    guard span.isKnown, let file = ev.sources.file(span.file) else { return "<unknown-file>" }
    return "\(file.name):\(file.location(of: span.start))"
  }
}

/// The state of reading one list of modules: the declarations found, the files imported (each
/// is read once, as nixpkgs keys modules by file), the arguments module functions get.
final class ModuleWalk {
  let tree = OptionTree()
  var imported: Set<String> = []
  /// Whether a module was a function (only then can a declaration depend on `name`).
  var calledFunction = false
  let name: Value?
  let specialArgs: Attrs?

  init(name: Value?, specialArgs: Attrs?) {
    self.name = name
    self.specialArgs = specialArgs
  }
}

/// The names the reader looks up, interned once.
struct InterfaceSymbols {
  let type, typeTag, name, options, imports, config, freeformType, module, defaultValue, defaultText: Symbol
  let description, example, apply, text, value, emptyValue, nestedTypes, elemType, left, right: Symbol
  let coercedType, finalType, coerceFunc, functor, payload, getSubModules, specialArgs, bounds: Symbol
  let lowest, highest, pattern, sep, values, typeMerge, lib, functorAttr, contents, outPath, toStringAttr: Symbol

  init(_ t: SymbolTable) {
    type = t.intern("type")
    typeTag = t.intern("_type")
    name = t.intern("name")
    options = t.intern("options")
    imports = t.intern("imports")
    config = t.intern("config")
    freeformType = t.intern("freeformType")
    module = t.intern("_module")
    defaultValue = t.intern("default")
    defaultText = t.intern("defaultText")
    description = t.intern("description")
    example = t.intern("example")
    apply = t.intern("apply")
    text = t.intern("text")
    value = t.intern("value")
    emptyValue = t.intern("emptyValue")
    nestedTypes = t.intern("nestedTypes")
    elemType = t.intern("elemType")
    left = t.intern("left")
    right = t.intern("right")
    coercedType = t.intern("coercedType")
    finalType = t.intern("finalType")
    coerceFunc = t.intern("coerceFunc")
    functor = t.intern("functor")
    payload = t.intern("payload")
    getSubModules = t.intern("getSubModules")
    specialArgs = t.intern("specialArgs")
    bounds = t.intern("bounds")
    lowest = t.intern("lowest")
    highest = t.intern("highest")
    pattern = t.intern("pattern")
    sep = t.intern("sep")
    values = t.intern("values")
    typeMerge = t.intern("typeMerge")
    lib = t.intern("lib")
    functorAttr = t.intern("__functor")
    contents = t.intern("contents")
    outPath = t.intern("outPath")
    toStringAttr = t.intern("__toString")
  }
}
