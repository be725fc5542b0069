# Sourced by the project's scripts: module_classpath MODULE prints the runtime classpath of one of
# the project's plain-jar modules (its jar and its dependencies). One Maven run packages the module
# and the sibling modules it needs (-am) and writes its dependencies' classpath, cached under the
# platform cache folder. The local Maven repository needs none of the
# project's own modules: on a fresh machine it holds none, and Maven cannot resolve one alone.
_classpath_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

_classpath_file() { # module -> the cache file of its dependencies' classpath
  local cache="${PLATFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/deploy-platform}/classpath"
  local version
  version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$_classpath_root/$1/pom.xml" | head -1)
  echo "$cache/$1-$version"
}

forget_module_classpath() {
  rm -f "$(_classpath_file "$1")"
}

module_classpath() {
  local module=$1
  local deps
  deps=$(_classpath_file "$module")
  local version
  version=$(basename "$deps")
  version=${version#"$module"-}
  local jar="$_classpath_root/$module/target/$module-$version.jar"
  if [ ! -s "$deps" ] || [ ! -f "$jar" ]; then
    mkdir -p "$(dirname "$deps")"
    echo "packaging $module and computing its classpath" >&2
    # The reactor runs dependency:build-classpath for every module it builds, in order, so the
    # file ends up holding the requested module's classpath, which comes last.
    "$_classpath_root/bin/mvn" -q -B -ntp -f "$_classpath_root/pom.xml" package \
      dependency:build-classpath -pl "$module" -am -DskipTests \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$deps" >&2
  fi
  echo "$jar:$(cat "$deps")"
}
