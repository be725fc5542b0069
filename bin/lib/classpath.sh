# Sourced by the project's scripts: module_classpath MODULE prints the runtime classpath of one of
# the project's plain-jar modules (its installed jar and its dependencies), computed once per
# version with Maven's dependency:build-classpath and cached under the platform cache folder.
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
  local project_root=$_classpath_root
  local deps
  deps=$(_classpath_file "$module")
  local cache
  cache=$(dirname "$deps")
  local version
  version=$(basename "$deps")
  version=${version#"$module"-}
  if [ ! -s "$deps" ]; then
    mkdir -p "$cache"
    echo "computing the classpath of $module" >&2
    "$project_root/bin/mvn" -q -B -ntp -f "$project_root/pom.xml" dependency:build-classpath \
      -pl "$module" -Dtarget.dir=target-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$deps" >&2
  fi
  # The local repository's root, read off the first dependency's path (Maven's default layout).
  local repository
  repository=$(tr ':' '\n' <"$deps" | head -1 | sed -n 's:\(.*/repository\)/.*:\1:p')
  [ -n "$repository" ] || repository="$HOME/.m2/repository"
  local jar="$repository/dev/kubedeploy/$module/$version/$module-$version.jar"
  if [ ! -f "$jar" ]; then
    echo "installing $module" >&2
    "$project_root/bin/mvn" -q -B -ntp -f "$project_root/pom.xml" install -pl "$module" \
      -DskipTests -Dtarget.dir=target-classpath >&2
  fi
  echo "$jar:$(cat "$deps")"
}
