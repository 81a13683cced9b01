#!/usr/bin/env bash
# The one-off check of WebGL training speed on a real GPU (see bench/gpu/README.md).
# Runs on the device machine (Python, an NVIDIA GPU, no Node, no browser): unpacks a headless
# Chromium build (the npm package @sparticuz/chromium, recompressed) carried in tmp/gpu/, finds a
# flag set whose WebGL renderer is the NVIDIA GPU, then runs the bundled benchmark page.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/gpu-out}
W=/tmp/chr
mkdir -p "$W" bench/gpu/page "$OUT"
# The compressed binary comes in two parts (one device call each: a call carries at most 64 MiB);
# the first was copied to /tmp/chromium.xz.partaa by the previous call.
cat /tmp/chromium.xz.partaa tmp/gpu2/partab > /tmp/chromium.xz
python3 -c "import lzma,shutil; shutil.copyfileobj(lzma.open('/tmp/chromium.xz'), open('$W/chromium','wb'))"
chmod +x "$W/chromium"
tar xJf tmp/gpu2/libs.tar.xz -C "$W"
tar xJf tmp/gpu2/page.tar.xz -C bench/gpu/page
export LD_LIBRARY_PATH="$W${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
ICD=$(ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json 2>/dev/null | head -1)
if [ -z "$ICD" ]; then
  NV=$(ldconfig -p | awk '/libGLX_nvidia.so.0/{print $NF; exit}')
  printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$NV" > "$W/nvidia_icd.json"
  ICD="$W/nvidia_icd.json"
fi
export VK_ICD_FILENAMES="$ICD"
echo "vulkan icd: $ICD"; cat "$ICD"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
chosen=""
i=0
for flags in "--use-angle=vulkan --enable-features=Vulkan" \
             "--use-gl=angle --use-angle=vulkan --enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan" \
             "--use-gl=egl"; do
  i=$((i+1))
  RESULT_NAME=probe$i.json PAGE_QUERY='?probe=1' BENCH_TIMEOUT=40 python3 bench/gpu/serve_and_run.py "$W/chromium" $flags
  if grep -qi nvidia "$OUT/probe$i.json" 2>/dev/null; then chosen="$flags"; break; fi
done
echo "chosen flags: ${chosen:-none (no NVIDIA renderer found; measuring anyway)}"
RESULT_NAME=gpu-bench.json BENCH_TIMEOUT=${BENCH_TIMEOUT:-330} python3 bench/gpu/serve_and_run.py "$W/chromium" ${chosen:-"--use-angle=vulkan"}
