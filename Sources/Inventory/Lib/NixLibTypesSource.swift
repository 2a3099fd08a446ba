/// The Nix source of nixinv's `lib.types`: a function of `lib` giving nixpkgs' option types,
/// written for nixinv with the semantics of nixpkgs' `lib/types.nix` (de42d442).
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

    # Composite types.
    listOf = elemType: mkOptionType rec {
      name = "listOf";
      description = "list of ${optionDescriptionPhrase (nounOr "composite") elemType}";
      descriptionClass = "composite";
      check = b.isList;
      merge = loc: defs:
        b.concatLists (lib.imap1 (n: d: lib.imap1 (m: v:
          elemType.merge (loc ++ [ "[definition ${b.toString n}-entry ${b.toString m}]" ]) [ { inherit (d) file; value = v; } ]
        ) d.value) defs);
      emptyValue = { value = [ ]; };
      getSubModules = elemType.getSubModules;
      substSubModules = m: listOf (elemType.substSubModules m);
      functor = elemFunctor name { inherit elemType; } // { type = payload: listOf payload.elemType; };
      nestedTypes.elemType = elemType;
    };
    nonEmptyListOf = elemType:
      let list = addCheck (listOf elemType) (l: l != [ ]); in
      list // {
        description = "non-empty ${optionDescriptionPhrase isNoun list}";
        emptyValue = { };
        substSubModules = m: nonEmptyListOf (elemType.substSubModules m);
      };
    attrsWith = { elemType, lazy ? false, placeholder ? "name" }: mkOptionType {
      name = if lazy then "lazyAttrsOf" else "attrsOf";
      description = (if lazy then "lazy attribute set" else "attribute set")
        + " of ${optionDescriptionPhrase (nounOr "composite") elemType}";
      descriptionClass = "composite";
      check = b.isAttrs;
      merge = loc: defs:
        b.zipAttrsWith (n: elemType.merge (loc ++ [ n ]))
          (b.map (d: b.mapAttrs (_: v: { inherit (d) file; value = v; }) d.value) defs);
      emptyValue = { value = { }; };
      getSubModules = elemType.getSubModules;
      substSubModules = m: attrsWith { elemType = elemType.substSubModules m; inherit lazy placeholder; };
      functor = elemFunctor "attrsWith" { inherit elemType lazy placeholder; } // {
        binOp = l: r:
          let
            elemType = l.elemType.typeMerge r.elemType.functor;
            lazy = if l.lazy == r.lazy then l.lazy else null;
            placeholder =
              if l.placeholder == r.placeholder then l.placeholder
              else if l.placeholder == "name" then r.placeholder
              else if r.placeholder == "name" then l.placeholder
              else null;
          in
          if elemType == null || lazy == null || placeholder == null then null
          else { inherit elemType lazy placeholder; };
      };
      nestedTypes.elemType = elemType;
    };
    attrsOf = elemType: attrsWith { inherit elemType; };
    lazyAttrsOf = elemType: attrsWith { inherit elemType; lazy = true; };
    loaOf = elemType: attrsOf elemType // { name = "loaOf"; nestedTypes.elemType = elemType; };
    uniq = unique { message = ""; };
    unique = { message }: type: mkOptionType rec {
      name = "unique";
      inherit (type) description descriptionClass check emptyValue getSubModules;
      merge = lib.mergeUniqueOption { inherit message; inherit (type) merge; };
      substSubModules = m: uniq (type.substSubModules m);
      functor = elemFunctor name { elemType = type; } // { type = payload: unique { inherit message; } payload.elemType; };
      nestedTypes.elemType = type;
    };
    nullOr = elemType: mkOptionType rec {
      name = "nullOr";
      description = "null or ${optionDescriptionPhrase (nounOr "conjunction") elemType}";
      descriptionClass = "conjunction";
      check = x: x == null || elemType.check x;
      merge = loc: defs:
        let nulls = b.filter (d: d.value == null) defs; in
        if nulls == [ ] then elemType.merge loc defs
        else if b.length nulls == b.length defs then null
        else b.throw "The option `${lib.showOption loc}` is defined both null and not null, in ${lib.showFiles (lib.getFiles defs)}.";
      emptyValue = { value = null; };
      getSubModules = elemType.getSubModules;
      substSubModules = m: nullOr (elemType.substSubModules m);
      functor = elemFunctor name { inherit elemType; } // { type = payload: nullOr payload.elemType; };
      nestedTypes.elemType = elemType;
    };
    functionTo = elemType: mkOptionType {
      name = "functionTo";
      description = "function that evaluates to a(n) ${optionDescriptionPhrase (nounOr "composite") elemType}";
      descriptionClass = "composite";
      check = b.isFunction;
      merge = loc: defs: x:
        elemType.merge (loc ++ [ "<function body>" ]) (b.map (d: d // { value = d.value x; }) defs);
      getSubModules = elemType.getSubModules;
      substSubModules = m: functionTo (elemType.substSubModules m);
      functor = elemFunctor "functionTo" { inherit elemType; } // { type = payload: functionTo payload.elemType; };
      nestedTypes.elemType = elemType;
    };
    either = t1: t2: mkOptionType rec {
      name = "either";
      description =
        if t1.descriptionClass or null == "nonRestrictiveClause"
        then "${t1.description}, or ${optionDescriptionPhrase (nounOr "conjunction") t2}"
        else "${optionDescriptionPhrase (nounOr "conjunction") t1} or ${
          optionDescriptionPhrase (c: c == "noun" || c == "conjunction" || c == "composite") t2}";
      descriptionClass = "conjunction";
      check = x: t1.check x || t2.check x;
      merge = loc: defs:
        let vs = lib.getValues defs; in
        if b.all t1.check vs then t1.merge loc defs
        else if b.all t2.check vs then t2.merge loc defs
        else lib.mergeOneOption loc defs;
      typeMerge = f':
        let
          m1 = t1.typeMerge (b.head f'.payload.elemType).functor;
          m2 = t2.typeMerge (b.elemAt f'.payload.elemType 1).functor;
        in
        if name == f'.name && m1 != null && m2 != null then functor.type m1 m2 else null;
      functor = elemFunctor name { elemType = [ t1 t2 ]; };
      nestedTypes.left = t1;
      nestedTypes.right = t2;
    };
    oneOf = ts:
      if ts == [ ] then b.throw "types.oneOf needs to get at least one type in its argument"
      else b.foldl' either (b.head ts) (b.tail ts);
    coercedTo = coercedType: coerceFunc: finalType:
      assert lib.assertMsg (coercedType.getSubModules == null)
        "coercedTo: coercedType must not have submodules (it’s a ${coercedType.description})";
      mkOptionType {
        name = "coercedTo";
        description = "${optionDescriptionPhrase isNoun finalType} or ${optionDescriptionPhrase isNoun coercedType} convertible to it";
        check = x: (coercedType.check x && finalType.check (coerceFunc x)) || finalType.check x;
        merge = loc: defs:
          finalType.merge loc (b.map (d: d // { value = if coercedType.check d.value && !(finalType.check d.value) then coerceFunc d.value else d.value; }) defs);
        inherit (finalType) emptyValue getSubModules;
        substSubModules = m: coercedTo coercedType coerceFunc (finalType.substSubModules m);
        typeMerge = t: null;
        functor = defaultFunctor "coercedTo";
        nestedTypes.coercedType = coercedType;
        nestedTypes.finalType = finalType;
      } // { inherit coerceFunc; };
    enum = values:
      let
        show = v:
          if b.isString v then ''"${v}"''
          else if b.isInt v then b.toString v
          else if b.isBool v then lib.boolToString v
          else "<${b.typeOf v}>";
      in
      mkOptionType rec {
        name = "enum";
        description =
          if values == [ ] then "impossible (empty enum)"
          else if b.length values == 1 then "value ${show (b.head values)} (singular enum)"
          else "one of ${lib.concatMapStringsSep ", " show values}";
        descriptionClass = if b.length values < 2 then "noun" else "conjunction";
        check = x: b.elem x values;
        merge = lib.mergeEqualOption;
        functor = defaultFunctor name // {
          payload = { inherit values; };
          type = payload: enum payload.values;
          binOp = l: r: { values = lib.unique (l.values ++ r.values); };
        };
      };
    attrTag = tags:
      let names = lib.concatMapStringsSep ", " lib.escapeNixIdentifier (b.attrNames tags); in
      mkOptionType {
        name = "attrTag";
        description = "attribute-tagged union with choices: ${names}";
        descriptionClass = "noun";
        check = v: b.isAttrs v && b.length (b.attrNames v) == 1 && tags ? ${b.head (b.attrNames v)};
        nestedTypes = tags;
        functor = defaultFunctor "attrTag" // { type = { tags, ... }: attrTag tags; payload = { inherit tags; }; };
      };

    # Modules.
    submodule = modules: submoduleWith { shorthandOnlyDefinesConfig = true; modules = lib.toList modules; };
    submoduleWith = { modules, specialArgs ? { }, shorthandOnlyDefinesConfig ? false, description ? null, class ? null }@attrs:
      let freeformType = freeformOf specialArgs modules; in
      mkOptionType {
        name = "submodule";
        description =
          if description != null then description
          else if freeformType != null && freeformType ? description
          then "open submodule of ${optionDescriptionPhrase (nounOr "composite") freeformType}"
          else "submodule";
        check = x: b.isAttrs x || b.isFunction x || path.check x;
        merge = loc: defs: noModules "a submodule's value";
        emptyValue = { value = noModules "a submodule's value"; };
        getSubModules = modules;
        substSubModules = m: submoduleWith (attrs // { modules = m; });
        nestedTypes = lib.optionalAttrs (freeformType != null) { inherit freeformType; };
        functor = defaultFunctor "submodule" // {
          type = submoduleWith;
          payload = { inherit modules class specialArgs shorthandOnlyDefinesConfig description; };
          binOp = l: r:
            let
              pick = what: x: y:
                if x == null then y else if y == null then x else if x == y then x
                else b.throw "A submoduleWith option is declared multiple times with conflicting ${what}";
              shared = b.intersectAttrs l.specialArgs r.specialArgs;
            in
            {
              class = pick "class values" (l.class or null) (r.class or null);
              modules = l.modules ++ r.modules;
              specialArgs =
                if shared == { } then l.specialArgs // r.specialArgs
                else b.throw "A submoduleWith option is declared multiple times with the same specialArgs \"${b.toString (b.attrNames shared)}\"";
              shorthandOnlyDefinesConfig = pick "shorthandOnlyDefinesConfig values" l.shorthandOnlyDefinesConfig r.shorthandOnlyDefinesConfig;
              description = pick "descriptions" l.description r.description;
            };
        };
      };
    deferredModule = deferredModuleWith { };
    deferredModuleWith = { staticModules ? [ ] }@attrs: mkOptionType {
      name = "deferredModule";
      description = "module";
      descriptionClass = "noun";
      check = x: b.isAttrs x || b.isFunction x || path.check x;
      merge = loc: defs: { imports = staticModules ++ lib.getValues defs; };
      getSubModules = staticModules;
      substSubModules = m: deferredModuleWith (attrs // { staticModules = m; });
      functor = defaultFunctor "deferredModuleWith" // {
        type = deferredModuleWith;
        payload = { inherit staticModules; };
        binOp = l: r: { staticModules = l.staticModules ++ r.staticModules; };
      };
    };
    optionType = mkOptionType {
      name = "optionType";
      description = "optionType";
      descriptionClass = "noun";
      check = isType "option-type";
      merge = lib.mergeOneOption;
    };
    optionDeclaration = mkOptionType {
      name = "optionDeclaration";
      description = "option declaration";
      descriptionClass = "noun";
      check = x: isType "option" x && !(x ? value);
    };

    # Serialisable values.
    serializableValueWith = { typeName, nullable ? true }:
      let
        base = oneOf [ bool int float str path (attrsOf value) (listOf value) ];
        value = (if nullable then nullOr base else base) // { description = "${typeName} value"; };
      in
      value;
    json = serializableValueWith { typeName = "JSON"; };
    toml = serializableValueWith { typeName = "TOML"; nullable = false; };
    luaInline = mkOptionType {
      name = "luaInline";
      description = "inline lua";
      descriptionClass = "noun";
      check = x: x._type or null == "lua-inline";
      merge = lib.mergeEqualOption;
    };

    # Type combinators.
    addCheck = elemType: check: elemType // { check = x: elemType.check x && check x; };
    mergeTypes = l: r:
      assert isOptionType l && isOptionType r;
      let merged = l.typeMerge r.functor; in
      if merged == null then setType "merge-error" { error = "Cannot merge types"; } else merged;
    types = lib.types;
  };
in
types
"""#
}
