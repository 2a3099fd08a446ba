import NixEval
import NixLexer
import NixParser

/// One `lib.mkOption` set found in a module's `options`, and where it was written.
struct OptionDeclaration {
  let attrs: Attrs
  let span: Span
}

/// The option declarations of a list of modules, as a tree of names: at each name the
/// `mkOption` sets declared there and the options nested under it (`options.a.b = …` makes `a`
/// a namespace holding `b`). Several modules add to the same tree, as nixpkgs merges them.
final class OptionTree {
  /// The declarations at each name, in module order.
  var declarations: [String: [OptionDeclaration]] = [:]
  /// The namespaces (plain sets of options) at each name.
  var namespaces: [String: OptionTree] = [:]
  /// The sets this namespace was written as, one per module (a submodule option of the same
  /// name takes them as modules of its own).
  var sources: [Value] = []
  /// Where the namespace was first written.
  var span: Span = .unknown
  /// The freeform types the modules declare (the root of a module list only).
  var freeforms: [(type: Value, span: Span)] = []

  /// Every name declared here, as an option or a namespace, in byte order.
  var names: [String] { Set(declarations.keys).union(namespaces.keys).sorted(by: bytewise) }

  /// The namespace at `name`, made when first needed.
  func namespace(_ name: String, at span: Span) -> OptionTree {
    if let tree = namespaces[name] { return tree }
    let tree = OptionTree()
    tree.span = span
    namespaces[name] = tree
    return tree
  }
}

/// Several declarations of one option merged as nixpkgs' `mergeOptionDecls` does: at most one
/// of them gives each of `default`, `example`, `description` and `apply`; their types merge
/// with the types' own `typeMerge` (submodules gather their modules, enums their values).
struct MergedOption {
  var type: Value? = nil
  var defaultValue: Value? = nil
  var defaultText: Value? = nil
  var description: Value? = nil
  /// Where the first declaration was written.
  var span: Span
}
