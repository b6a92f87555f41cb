#!/usr/bin/env bash
# Builds Debian's own QtCore (same source package and version as the installed libqt6core6, same
# feature set) with ThreadSanitizer, into build-tsan-qt/lib. scripts/test-sanitizers.sh tsan puts
# that directory on LD_LIBRARY_PATH, so Qt's internal locking (event queue, QThread start/finish,
# QWaitCondition) is visible to TSan instead of being suppressed. QtGui/QtWidgets/QtTest stay
# Debian's: the cross-thread machinery the worker uses lives in QtCore.
#
#   scripts/sanitizers/build-qtcore-tsan.sh      (root: adds a deb-src entry if none; ~30 min/core)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$PWD/build-tsan-qt"
# The library the tests load must find Debian's plugins (the paths are compiled in).
if [[ -f "$out/lib/libQt6Core.so.6" ]] && strings "$out/lib/libQt6Core.so.6" | grep -q "^lib/.*/qt6/plugins$" &&
  grep -q "forkfd_pidfd -1" "$out/build/src/corelib/qtcore-config_p.h"; then
  echo "$out/lib/libQt6Core.so.6 exists"
  exit 0
fi
version=$(dpkg-query -W -f='${Version}' libqt6core6)
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
if ! grep -rqs '^Types: deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  $SUDO tee /etc/apt/sources.list.d/ccdf-deb-src.sources >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $(. /etc/os-release && echo "$VERSION_CODENAME")
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dpkg-dev \
  clang libclang-rt-14-dev libicu-dev libpcre2-dev libdouble-conversion-dev libb2-dev \
  libglib2.0-dev libzstd-dev zlib1g-dev qt6-base-private-dev >/dev/null
mkdir -p "$out" && cd "$out"
if [[ ! -d src ]]; then
  apt-get source --download-only "qt6-base=$version" >/dev/null
  dpkg-source -x qt6-base_*.dsc src >/dev/null
fi
# QtCore-relevant flags of debian/rules' configure step (its install paths too: QLibraryInfo
# finds the plugins and translations where Debian put them); the sanitizer is the only addition.
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
cmake -S src -B build -G Ninja --log-level=WARNING -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS=-gline-tables-only -DCMAKE_CXX_FLAGS=-gline-tables-only \
  -DFEATURE_sanitize_thread=ON -DBUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF \
  -DCMAKE_INSTALL_PREFIX=/usr -DINSTALL_BINDIR=lib/qt6/bin -DINSTALL_LIBDIR="lib/$arch" \
  -DINSTALL_LIBEXECDIR=lib/qt6/libexec -DINSTALL_ARCHDATADIR="lib/$arch/qt6" \
  -DINSTALL_DATADIR=share/qt6 -DINSTALL_SYSCONFDIR=/etc/xdg \
  -DINSTALL_INCLUDEDIR="include/$arch/qt6" -DINSTALL_PLUGINDIR="lib/$arch/qt6/plugins" \
  -DINSTALL_TRANSLATIONDIR=share/qt6/translations -DINSTALL_MKSPECSDIR="lib/$arch/qt6/mkspecs" \
  -DFEATURE_mimetype_database=OFF -DFEATURE_glib=ON -DFEATURE_icu=ON \
  -DFEATURE_doubleconversion=ON -DFEATURE_pcre2=ON -DFEATURE_system_pcre2=ON -DFEATURE_zlib=ON \
  -DFEATURE_system_libb2=ON -DFEATURE_rpath=OFF -DFEATURE_relocatable=OFF \
  -DFEATURE_gui=OFF -DFEATURE_network=OFF -DFEATURE_sql=OFF -DFEATURE_testlib=OFF \
  -DFEATURE_xml=OFF -DFEATURE_dbus=OFF -DFEATURE_concurrent=OFF -DFEATURE_forkfd_pidfd=OFF
# The build must have the installed library's feature set, or Debian's QtGui would see another ABI.
# One exception: forkfd_pidfd off makes QProcess start children with fork() instead of
# clone(CLONE_VM | CLONE_VFORK), which TSan's clone interceptor cannot follow (a CHECK failure in
# the child); only qprocess_unix.cpp and forkfd read that feature, so no class layout changes.
ours=build/src/corelib/qtcore-config_p.h
theirs=$(ls /usr/include/*/qt6/QtCore/*/QtCore/private/qtcore-config_p.h | head -n 1)
if ! diff <(grep -v 'sanitize\|forkfd_pidfd' "$theirs") <(grep -v 'sanitize\|forkfd_pidfd' "$ours"); then
  echo "QtCore's private feature set differs from the installed one (above); refusing to use it" >&2
  exit 1
fi
cmake --build build --target Core
rm -rf lib && mkdir -p lib && cp -a "build/lib/$arch"/libQt6Core.so* lib/
echo "built $out/lib/libQt6Core.so.6 (QtCore $version, ThreadSanitizer)"
