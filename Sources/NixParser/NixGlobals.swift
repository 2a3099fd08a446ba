/// The names Nix's base environment binds: the constants, the builtins reachable without
/// `builtins.` and every builtin under its `__` name. The parser reports a variable that is in
/// none of the scopes around it, nor here, as undefined, as `nix-instantiate --parse` does.
public enum NixGlobals {
  /// Builtins Nix also binds without a prefix.
  public static let unprefixed: [String] = [
    "abort", "baseNameOf", "break", "builtins", "derivation", "derivationStrict", "dirOf", "false",
    "fetchGit", "fetchMercurial", "fetchTarball", "fetchTree", "fromTOML", "import", "isNull", "map", "null",
    "placeholder", "removeAttrs", "scopedImport", "throw", "toString", "true",
  ]

  /// Every builtin's name (each is bound as `__name`).
  public static let builtinNames: [String] = [
    "abort", "add", "addDrvOutputDependencies", "addErrorContext", "all", "any", "appendContext", "attrNames",
    "attrValues", "baseNameOf", "bitAnd", "bitOr", "bitXor", "break", "catAttrs", "ceil", "compareVersions",
    "concatLists", "concatMap", "concatStringsSep", "convertHash", "currentSystem", "currentTime", "deepSeq",
    "derivation", "derivationStrict", "dirOf", "div", "elem", "elemAt", "fetchClosure", "fetchGit",
    "fetchMercurial", "fetchTarball", "fetchTree", "fetchurl", "filter", "filterSource", "findFile",
    "flakeRefToString", "floor", "foldl'", "fromJSON", "fromTOML", "functionArgs", "genList", "genericClosure",
    "getAttr", "getContext", "getEnv", "getFlake", "groupBy", "hasAttr", "hasContext", "hashFile", "hashString",
    "head", "import", "intersectAttrs", "isAttrs", "isBool", "isFloat", "isFunction", "isInt", "isList",
    "isNull", "isPath", "isString", "langVersion", "length", "lessThan", "listToAttrs", "map", "mapAttrs",
    "match", "mul", "nixPath", "nixVersion", "outputOf", "parseDrvName", "parseFlakeRef", "partition", "path",
    "pathExists", "placeholder", "readDir", "readFile", "readFileType", "removeAttrs", "replaceStrings",
    "scopedImport", "seq", "sort", "split", "splitVersion", "storeDir", "storePath", "stringLength", "sub",
    "substring", "tail", "throw", "toFile", "toJSON", "toPath", "toString", "toXML", "trace", "traceVerbose",
    "tryEval", "typeOf", "unsafeDiscardOutputDependency", "unsafeDiscardStringContext", "unsafeGetAttrPos",
    "warn", "zipAttrsWith",
  ]

  /// All names of the base environment, sorted.
  public static let names: [String] = {
    var all = Set(unprefixed)
    for name in builtinNames { all.insert("__" + name) }
    return all.sorted()
  }()
}
