/// The Nix source of nixinv's `lib.types`: a function of `lib` giving nixpkgs' option types,
/// written for nixinv with the semantics of nixpkgs' `lib/types.nix` (de42d442). The basic
/// types are here, the types made of others or of modules in ``NixLibComposedTypesSource``.
///
/// Every type is a set with `_type = "option-type"` and nixpkgs' `name`, `description`,
/// `descriptionClass`, `check`, `merge`, `emptyValue`, `getSubModules`, `substSubModules`,
/// `typeMerge`, `functor` (`name`, `type`, `payload`, `binOp`) and `nestedTypes`, as nixpkgs
/// builds them. Two fields are nixinv's own, for what nixpkgs keeps only in closures:
/// `bounds = { lowest; highest; }` on the integer and number ranges, and `coerceFunc` on
/// `coercedTo`. A submodule's freeform type (for its description and `nestedTypes`) is found by
/// reading its modules' `freeformType` and `config._module.freeformType`; its `merge` and
/// `emptyValue.value` throw: nixinv evaluates no modules (its merger reads the types).
enum NixLibTypesSource {
  static let text = #"""
lib:
let
  b = builtins;
  inherit (lib) mkOptionType defaultFunctor optionDescriptionPhrase;

  nounOr = other: c: c == "noun" || c == other;
  isNoun = c: c == "noun";

  # nixpkgs' elemTypeFunctor: a functor whose payload names the nested types.
  elemFunctor = name: payload: {
    inherit name payload;
    type = types.${name};
    binOp = l: r:
      let merged = l.elemType.typeMerge r.elemType.functor; in
      if merged == null then null else { elemType = merged; };
  };
  sameFunctor = name: payload: defaultFunctor name // {
    inherit payload;
    binOp = l: r: if l == r then l else null;
  };

  isStringLike = x: b.isString x || b.isPath x || x ? outPath || x ? __toString;
  # nixpkgs' lib.path.hasStorePathPrefix of `/. + x`: a name of the form HASH-NAME right under
  # the store directory (or a content-addressed `/` + 52 characters).
  underStore = x:
    let
      s = b.toString x;
      parts = b.filter (p: b.isString p && p != "" && p != ".") (b.split "/" s);
      store = b.filter (p: b.isString p && p != "") (b.split "/" b.storeDir);
      n = b.length store;
    in
    (lib.take n parts == store && b.length parts > n && b.match ".{32}-.+" (b.elemAt parts n) != null)
    || (parts != [ ] && b.match "[0-9a-z]{52}" (b.head parts) != null);
  isStorePath = x:
    isStringLike x
    && (let s = b.toString x; in
      b.substring 0 1 s == "/" && (b.dirOf s == b.storeDir || b.match "/[0-9a-z]{52}" s != null));
  noModules = what: b.throw "nixinv evaluates no modules: ${what} is computed by nixinv's own merger";

  # The arguments a module function gets when nixinv reads its declarations: the names it
  # asks for throw when used, but for `lib`, `name` ("‹name›", as nixpkgs' documentation reads
  # submodules) and the submodule's specialArgs.
  moduleArgs = specialArgs: f:
    b.mapAttrs (n: _: b.throw "nixinv reads option declarations only: the module argument `${n}' is not available") (b.functionArgs f)
    // {
      inherit lib specialArgs;
      name = "‹name›";
      config = b.throw "nixinv reads option declarations only: `config' is not available";
      options = b.throw "nixinv reads option declarations only: `options' is not available";
    }
    // specialArgs;
  # The freeform types a module declares (`freeformType`, `config._module.freeformType`, or
  # `_module.freeformType` in a module of config only), its imports' included.
  declaredFreeforms = specialArgs: m:
    let
      loaded = if b.isPath m || b.isString m then import m else m;
      v = if b.isFunction loaded then loaded (moduleArgs specialArgs loaded) else loaded;
      config = if v ? config || v ? options then v.config or { } else v;
      own =
        if v ? freeformType then [ v.freeformType ]
        else if b.isAttrs config && config ? _module && config._module ? freeformType then [ config._module.freeformType ]
        else [ ];
    in
    if b.isAttrs v then own ++ b.concatMap (declaredFreeforms specialArgs) (v.imports or [ ]) else [ ];
  freeformOf = specialArgs: modules:
    let
      found = b.tryEval (
        let all = b.filter (t: t != null) (b.concatMap (declaredFreeforms specialArgs) modules); in
        if all == [ ] then null else b.head all);
    in
    if found.success then found.value else null;

  types = rec {
    inherit (lib) isType setType isOptionType mkOptionType defaultFunctor defaultTypeMerge optionDescriptionPhrase;

    # Basic types.
    raw = mkOptionType { name = "raw"; description = "raw value"; descriptionClass = "noun"; merge = lib.mergeOneOption; };
    anything = mkOptionType {
      name = "anything";
      description = "anything";
      descriptionClass = "noun";
      merge = loc: defs:
        let vs = lib.getValues defs; in
        if b.all b.isAttrs vs && !(b.any isStringLike vs) then (attrsOf anything).merge loc defs
        else if b.all b.isFunction vs then x: anything.merge (loc ++ [ "<function body>" ]) (b.map (d: d // { value = d.value x; }) defs)
        else lib.mergeEqualOption loc defs;
    };
    unspecified = mkOptionType { name = "unspecified"; description = "unspecified value"; descriptionClass = "noun"; };
    bool = mkOptionType { name = "bool"; description = "boolean"; descriptionClass = "noun"; check = b.isBool; merge = lib.mergeEqualOption; };
    boolByOr = mkOptionType {
      name = "boolByOr";
      description = "boolean (merged using or)";
      descriptionClass = "noun";
      check = b.isBool;
      merge = loc: defs: b.foldl' (r: d: r || d.value) false defs;
    };
    int = mkOptionType { name = "int"; description = "signed integer"; descriptionClass = "noun"; check = b.isInt; merge = lib.mergeEqualOption; };
    float = mkOptionType { name = "float"; description = "floating point number"; descriptionClass = "noun"; check = b.isFloat; merge = lib.mergeEqualOption; };
    str = mkOptionType { name = "str"; description = "string"; descriptionClass = "noun"; check = b.isString; merge = lib.mergeEqualOption; };

    # Integers in a range: `int` with a further check, as nixpkgs' addCheck makes them (the
    # functor stays int's).
    ints =
      let
        range = lo: hi: "${b.toString lo} and ${b.toString hi} (both inclusive)";
        within = lo: hi: name: description: descriptionClass:
          addCheck int (x: (lo == null || x >= lo) && (hi == null || x <= hi)) // {
            inherit name description descriptionClass;
            bounds = { lowest = lo; highest = hi; };
          };
        sized = lo: hi: name: start: within lo hi name "${start}; between ${range lo hi}" "noun";
        unsign = bits: size: sized 0 (size - 1) "unsignedInt${b.toString bits}" "${b.toString bits} bit unsigned integer";
        sign = bits: size: sized (0 - size / 2) (size / 2 - 1) "signedInt${b.toString bits}" "${b.toString bits} bit signed integer";
      in
      {
        between = lowest: highest:
          assert lib.assertMsg (lowest <= highest) "ints.between: lowest must be smaller than highest";
          within lowest highest "intBetween" "integer between ${range lowest highest}" "noun";
        unsigned = within 0 null "unsignedInt" "unsigned integer, meaning >=0" "nonRestrictiveClause";
        positive = within 1 null "positiveInt" "positive integer, meaning >0" "nonRestrictiveClause";
        u8 = unsign 8 256;
        u16 = unsign 16 65536;
        u32 = unsign 32 4294967296;
        s8 = sign 8 256;
        s16 = sign 16 65536;
        s32 = sign 32 4294967296;
      };
    port = ints.u16;

    number = either int float;
    numbers =
      let
        within = lo: hi: name: description: descriptionClass:
          addCheck number (x: (lo == null || x >= lo) && (hi == null || x <= hi)) // {
            inherit name description descriptionClass;
            bounds = { lowest = lo; highest = hi; };
          };
      in
      {
        between = lowest: highest:
          assert lib.assertMsg (lowest <= highest) "numbers.between: lowest must be smaller than highest";
          within lowest highest "numberBetween"
            "integer or floating point number between ${b.toJSON lowest} and ${b.toJSON highest} (both inclusive)" "conjunction";
        nonnegative = within 0 null "numberNonnegative" "nonnegative integer or floating point number, meaning >=0" "nonRestrictiveClause";
        positive = addCheck number (x: x > 0) // {
          name = "numberPositive";
          description = "positive integer or floating point number, meaning >0";
          descriptionClass = "nonRestrictiveClause";
        };
      };

    # Strings.
    nonEmptyStr = mkOptionType {
      name = "nonEmptyStr";
      description = "non-empty string";
      descriptionClass = "noun";
      check = x: str.check x && b.match "[ \t\n]*" x == null;
      inherit (str) merge;
    };
    singleLineStr =
      let line = strMatching "[^\n\r]*\n?"; in
      mkOptionType {
        name = "singleLineStr";
        description = "(optionally newline-terminated) single-line string";
        descriptionClass = "noun";
        inherit (line) check;
        merge = loc: defs: lib.removeSuffix "\n" (line.merge loc defs);
      };
    strMatching = pattern: mkOptionType {
      name = "strMatching ${lib.escapeNixString pattern}";
      description = "string matching the pattern ${pattern}";
      descriptionClass = "noun";
      check = x: str.check x && b.match pattern x != null;
      inherit (str) merge;
      functor = sameFunctor "strMatching" { inherit pattern; } // { type = payload: strMatching payload.pattern; };
    };
    separatedString = sep: mkOptionType {
      name = "separatedString";
      description = "strings concatenated with ${b.toJSON sep}";
      descriptionClass = "noun";
      check = b.isString;
      merge = loc: defs: b.concatStringsSep sep (lib.getValues defs);
      functor = defaultFunctor "separatedString" // {
        payload = { inherit sep; };
        type = payload: separatedString payload.sep;
        binOp = l: r: if l.sep == r.sep then { inherit (l) sep; } else null;
      };
    };
    lines = separatedString "\n";
    commas = separatedString ",";
    envVar = separatedString ":";
    passwdEntry = entryType:
      addCheck entryType (s: !(lib.hasInfix ":" s || lib.hasInfix "\n" s)) // {
        name = "passwdEntry ${entryType.name}";
        description = "${optionDescriptionPhrase isNoun entryType}, not containing newlines or colons";
        descriptionClass = "nonRestrictiveClause";
      };

    # Sets, paths, packages.
    attrs = mkOptionType {
      name = "attrs";
      description = "attribute set";
      check = b.isAttrs;
      merge = loc: b.foldl' (r: d: r // d.value) { };
      emptyValue = { value = { }; };
    };
    package = mkOptionType {
      name = "package";
      descriptionClass = "noun";
      check = x: lib.isDerivation x || isStorePath x;
      merge = lib.mergeOneOption;
    };
    shellPackage = package // { check = x: lib.isDerivation x && x ? shellPath; };
    pathWith = { inStore ? null, absolute ? null }:
      lib.throwIf (inStore != null && absolute != null && inStore && !absolute)
        "In pathWith, inStore means the path must be absolute"
        mkOptionType {
          name = "path";
          description =
            (if absolute == null then "" else if absolute then "absolute " else "relative ")
            + "path"
            + (if inStore == null then "" else if inStore then " in the Nix store" else " not in the Nix store");
          descriptionClass = "noun";
          merge = lib.mergeEqualOption;
          functor = sameFunctor "path" { inherit inStore absolute; } // { type = pathWith; };
          check = x:
            (if inStore == null || inStore then isStringLike x else b.isString x)
            && (inStore == null || inStore == underStore x)
            && (absolute == null || absolute == (b.substring 0 1 (b.toString x) == "/"));
        };
    path = pathWith { absolute = true; };
    pathInStore = pathWith { inStore = true; };
    externalPath = pathWith { absolute = true; inStore = false; };

\#(NixLibComposedTypesSource.text)
    types = lib.types;
  };
in
types
"""#
}
