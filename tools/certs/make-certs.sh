#!/usr/bin/env bash
# Makes what mutual TLS between a device and an edge needs, with the JDK's keytool only:
#   ca.p12      the CA's key: stays here, signs more certificates later
#   ca.crt      the CA's certificate (PEM), to inspect or to trust elsewhere
#   trust.p12   the CA's certificate as the one both sides trust
#   edge.p12    the edge's key and certificate, naming the hosts devices dial
#   DEVICE.p12  a device's key and certificate (default name: device)
#   password    the one password of these PKCS#12 files
# What already exists is kept: run it again with --device NAME to add a device.
# usage: make-certs.sh DIR [--edge-host H,...] [--device NAME] [--days N]
set -euo pipefail

say() { printf 'coinfer certs: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }

dir="" hosts="localhost,127.0.0.1" device="device" days=825
while [ $# -gt 0 ]; do
  case "$1" in
    --edge-host) hosts="localhost,127.0.0.1,$2"; shift 2;;
    --device) device="$2"; shift 2;;
    --days) days="$2"; shift 2;;
    -*) die "unknown option '$1' (expected --edge-host, --device or --days)";;
    *) [ -z "$dir" ] || die "one folder only, got '$dir' and '$1'"; dir="$1"; shift;;
  esac
done
[ -n "$dir" ] || die "usage: coinfer certs DIR [--edge-host H,...] [--device NAME] [--days N]"
[[ "$device" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "--device '$device': expected letters, digits, '.', '_' or '-'"
[[ "$device" != ca && "$device" != trust && "$device" != edge ]] || die "--device '$device' would overwrite the $device's file"
[[ "$days" =~ ^[1-9][0-9]*$ ]] || die "--days '$days': expected a positive whole number"
keytool="keytool"
command -v keytool >/dev/null || keytool="${JAVA_HOME:-/usr/lib/jvm/default-java}/bin/keytool"
command -v "$keytool" >/dev/null || die "keytool (the JDK's) is not on the PATH"

umask 077
mkdir -p "$dir"
[ -f "$dir/password" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=\n' > "$dir/password"
password="$(cat "$dir/password")"
[ -n "$password" ] || die "$dir/password is empty"

# keytool narrates on stderr; only what is not narration (an error) is shown, and fails the step.
kt() {
  local out
  if ! out="$("$keytool" -noprompt -storetype PKCS12 -storepass "$password" -keypass "$password" "$@" 2>&1)"; then
    die "keytool $1 failed: $out"
  fi
}
kt_out() { "$keytool" -noprompt -storetype PKCS12 -storepass "$password" -keypass "$password" "$@"; }

# The edge's certificate names every host a device may dial; verification fails otherwise.
san() {
  local out="" h
  IFS=, read -ra list <<< "$1"
  for h in "${list[@]}"; do
    [ -n "$h" ] || continue
    if [[ "$h" =~ ^[0-9.]+$ || "$h" == *:* ]]; then out+="ip:$h,"; else out+="dns:$h,"; fi
  done
  printf '%s' "${out%,}"
}

if [ ! -f "$dir/ca.p12" ]; then
  kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=Coinfer CA $(hostname)" \
     -ext bc:c -ext ku:c=keyCertSign,cRLSign -validity "$days" -keystore "$dir/ca.p12"
  kt_out -exportcert -rfc -alias ca -keystore "$dir/ca.p12" > "$dir/ca.crt"
  rm -f "$dir/trust.p12"
  say "made a CA in $dir/ca.p12"
fi
[ -f "$dir/trust.p12" ] || kt -importcert -alias ca -file "$dir/ca.crt" -keystore "$dir/trust.p12"

# issue NAME CN EKU [SAN]: a key pair signed by the CA, with the CA's certificate in its chain
issue() {
  local name="$1" cn="$2" eku="$3" alt="${4:-}" file="$dir/$1.p12" ext=()
  [ -f "$file" ] && return
  [ -n "$alt" ] && ext=(-ext "san=$alt")
  kt -genkeypair -alias "$name" -keyalg EC -groupname secp256r1 -dname "CN=$cn" -validity "$days" -keystore "$file"
  kt_out -certreq -alias "$name" -keystore "$file" \
    | kt_out -gencert -alias ca -keystore "$dir/ca.p12" -validity "$days" -rfc \
        -ext ku:c=digitalSignature -ext "eku=$eku" "${ext[@]}" > "$dir/$name.crt"
  kt -importcert -alias ca -file "$dir/ca.crt" -keystore "$file"
  kt -importcert -alias "$name" -file "$dir/$name.crt" -keystore "$file"
  rm -f "$dir/$name.crt"
  say "made $file ($cn${alt:+, for $alt})"
}
issue edge "coinfer-edge" serverAuth "$(san "$hosts")"
issue "$device" "coinfer-$device" clientAuth
