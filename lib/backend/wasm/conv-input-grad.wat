;; The input gradient of conv2d (dilation 1) in WebAssembly SIMD on tfjs-backend-wasm's own memory
;; (imported: the pointers are tensors' offsets in its heap). Compiled by
;; scripts/build-wasm-kernels.mjs into conv-input-grad.wasm.ts, once with an unshared memory (the
;; one-thread build) and once with a shared one (the threaded build): __MEMORY__ is replaced.
;;
;; dx[b, oy·sh + i − top, ox·sw + j − left, ci] += Σ_co dy[b, oy, ox, co]·w[i, j, ci, co]: each output
;; pixel's gradient spread back over the input pixels its window read, as a product dy·wᵀ per
;; filter tap, so a strided convolution does no work on the zeros a transposed convolution inserts.
;; A separate module from kernels.wat so that each stays under the 4 KB browsers compile
;; synchronously on any thread.
(module
  (import "env" "memory" __MEMORY__)

  ;; Four output pixels (dy at a, a + d1, a + d2, a + d3; dx at c, c + e1, c + e2, c + e3) times wt
  ;; (K rows of N values, row stride rb bytes): tiles of 4 pixels × 8 input channels in eight
  ;; registers, then 4 × 4, then 4 × the last N mod 4 (loading four values of each wt row: the
  ;; caller leaves 16 bytes after wt), added to dx, or written over it when `init` (a 1×1 filter at
  ;; stride 1: one tap covers every pixel, so dx needs neither zeros first nor reading back). Fewer
  ;; than four pixels repeat the last one (d3 = d2, ...): every tile reads dx before it writes, so
  ;; a repeated pixel writes the same numbers to the same place twice.
  (func $quad (param $a i32) (param $d1 i32) (param $d2 i32) (param $d3 i32) (param $c i32) (param $e1 i32) (param $e2 i32) (param $e3 i32)
    (param $wt i32) (param $rb i32) (param $K i32) (param $N i32) (param $init i32)
    (local $n i32) (local $k i32) (local $r i32) (local $pa i32) (local $pb i32) (local $o i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $b0 v128) (local $b1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128) (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.gt_u (i32.add (local.get $n) (i32.const 8)) (local.get $N)))
      (local.set $o (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 2))))
      (if (local.get $init) (then
        (local.set $s00 (v128.const i64x2 0 0))
        (local.set $s01 (v128.const i64x2 0 0))
        (local.set $s10 (v128.const i64x2 0 0))
        (local.set $s11 (v128.const i64x2 0 0))
        (local.set $s20 (v128.const i64x2 0 0))
        (local.set $s21 (v128.const i64x2 0 0))
        (local.set $s30 (v128.const i64x2 0 0))
        (local.set $s31 (v128.const i64x2 0 0)))
      (else
        (local.set $s00 (v128.load offset=0 (local.get $o)))
        (local.set $s01 (v128.load offset=16 (local.get $o)))
        (local.set $s10 (v128.load offset=0 (i32.add (local.get $o) (local.get $e1))))
        (local.set $s11 (v128.load offset=16 (i32.add (local.get $o) (local.get $e1))))
        (local.set $s20 (v128.load offset=0 (i32.add (local.get $o) (local.get $e2))))
        (local.set $s21 (v128.load offset=16 (i32.add (local.get $o) (local.get $e2))))
        (local.set $s30 (v128.load offset=0 (i32.add (local.get $o) (local.get $e3))))
        (local.set $s31 (v128.load offset=16 (i32.add (local.get $o) (local.get $e3))))))
      (local.set $pa (local.get $a))
      (local.set $pb (i32.add (local.get $wt) (i32.shl (local.get $n) (i32.const 2))))
      (local.set $k (local.get $K))
      (loop $p
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $a0 (v128.load32_splat (local.get $pa)))
            (local.set $a1 (v128.load32_splat (i32.add (local.get $pa) (local.get $d1))))
            (local.set $a2 (v128.load32_splat (i32.add (local.get $pa) (local.get $d2))))
            (local.set $a3 (v128.load32_splat (i32.add (local.get $pa) (local.get $d3))))
            (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a0) (local.get $b0))))
            (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a0) (local.get $b1))))
            (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a1) (local.get $b0))))
            (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a1) (local.get $b1))))
            (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $a2) (local.get $b0))))
            (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $a2) (local.get $b1))))
            (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $a3) (local.get $b0))))
            (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $a3) (local.get $b1))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $pb (i32.add (local.get $pb) (local.get $rb)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_if $p (local.get $k)))
        (v128.store offset=0 (local.get $o) (local.get $s00))
        (v128.store offset=16 (local.get $o) (local.get $s01))
        (v128.store offset=0 (i32.add (local.get $o) (local.get $e1)) (local.get $s10))
        (v128.store offset=16 (i32.add (local.get $o) (local.get $e1)) (local.get $s11))
        (v128.store offset=0 (i32.add (local.get $o) (local.get $e2)) (local.get $s20))
        (v128.store offset=16 (i32.add (local.get $o) (local.get $e2)) (local.get $s21))
        (v128.store offset=0 (i32.add (local.get $o) (local.get $e3)) (local.get $s30))
        (v128.store offset=16 (i32.add (local.get $o) (local.get $e3)) (local.get $s31))
      (local.set $n (i32.add (local.get $n) (i32.const 8)))
      (br $nLoop)))
    ;; Four more input channels, then the last N mod 4 (r of them, 0 to 3): four lanes each, of which
    ;; only the first r are read from dx and written back.
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $r (i32.sub (local.get $N) (local.get $n)))
      (if (i32.ge_u (local.get $r) (i32.const 4)) (then (local.set $r (i32.const 0))))
      (local.set $o (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 2))))
      (local.set $s00 (call $load (local.get $o) (local.get $r) (local.get $init)))
      (local.set $s10 (call $load (i32.add (local.get $o) (local.get $e1)) (local.get $r) (local.get $init)))
      (local.set $s20 (call $load (i32.add (local.get $o) (local.get $e2)) (local.get $r) (local.get $init)))
      (local.set $s30 (call $load (i32.add (local.get $o) (local.get $e3)) (local.get $r) (local.get $init)))
      (local.set $pa (local.get $a))
      (local.set $pb (i32.add (local.get $wt) (i32.shl (local.get $n) (i32.const 2))))
      (local.set $k (local.get $K))
      (loop $p4
        (local.set $b0 (v128.load (local.get $pb)))
        (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (v128.load32_splat (local.get $pa)) (local.get $b0))))
        (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (v128.load32_splat (i32.add (local.get $pa) (local.get $d1))) (local.get $b0))))
        (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (v128.load32_splat (i32.add (local.get $pa) (local.get $d2))) (local.get $b0))))
        (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (v128.load32_splat (i32.add (local.get $pa) (local.get $d3))) (local.get $b0))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $pb (i32.add (local.get $pb) (local.get $rb)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_if $p4 (local.get $k)))
      (call $store (local.get $o) (local.get $r) (local.get $s00))
      (call $store (i32.add (local.get $o) (local.get $e1)) (local.get $r) (local.get $s10))
      (call $store (i32.add (local.get $o) (local.get $e2)) (local.get $r) (local.get $s20))
      (call $store (i32.add (local.get $o) (local.get $e3)) (local.get $r) (local.get $s30))
      (local.set $n (i32.add (local.get $n) (i32.const 4)))
      (br $tail))))

  ;; Four floats at p (r = 0), or the first r (1 to 3) and zeros; zeros when `init`.
  (func $load (param $p i32) (param $r i32) (param $init i32) (result v128)
    (if (local.get $init) (then (return (v128.const i64x2 0 0))))
    (if (i32.eqz (local.get $r)) (then (return (v128.load (local.get $p)))))
    (f32x4.replace_lane 2 (f32x4.replace_lane 1 (v128.load32_zero (local.get $p))
      (if (result f32) (i32.gt_u (local.get $r) (i32.const 1)) (then (f32.load offset=4 (local.get $p))) (else (f32.const 0))))
      (if (result f32) (i32.gt_u (local.get $r) (i32.const 2)) (then (f32.load offset=8 (local.get $p))) (else (f32.const 0)))))

  ;; v's four lanes at p (r = 0), or its first r (1 to 3).
  (func $store (param $p i32) (param $r i32) (param $v v128)
    (if (i32.eqz (local.get $r)) (then (v128.store (local.get $p) (local.get $v)) (return)))
    (f32.store (local.get $p) (f32x4.extract_lane 0 (local.get $v)))
    (if (i32.gt_u (local.get $r) (i32.const 1)) (then (f32.store offset=4 (local.get $p) (f32x4.extract_lane 1 (local.get $v)))))
    (if (i32.gt_u (local.get $r) (i32.const 2)) (then (f32.store offset=8 (local.get $p) (f32x4.extract_lane 2 (local.get $v))))))

  ;; The first output index o ≥ 0 with o·s + off ≥ 0.
  (func $first (param $off i32) (param $s i32) (result i32)
    (if (result i32) (i32.ge_s (local.get $off) (i32.const 0)) (then (i32.const 0))
      (else (i32.div_u (i32.add (i32.sub (i32.const 0) (local.get $off)) (i32.sub (local.get $s) (i32.const 1))) (local.get $s)))))

  ;; One past the last output index o < outLen with o·s + off < len (0 when there is none).
  (func $end (param $off i32) (param $s i32) (param $len i32) (param $outLen i32) (result i32)
    (local $e i32)
    (if (i32.lt_s (i32.sub (i32.sub (local.get $len) (i32.const 1)) (local.get $off)) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $e (i32.add (i32.div_u (i32.sub (i32.sub (local.get $len) (i32.const 1)) (local.get $off)) (local.get $s)) (i32.const 1)))
    (if (result i32) (i32.gt_u (local.get $e) (local.get $outLen)) (then (local.get $outLen)) (else (local.get $e))))

  ;; dx (zeros on entry, unless `init`: see $quad) += the input gradient; wt: the filter as [kh, kw, cout, cin] (each tap
  ;; transposed, so that input channels are contiguous; 16 bytes after it are read, not used). For
  ;; each image, tap and output row of the rectangle of output pixels whose input pixel lies inside x:
  ;; four pixels at a time.
  (func (export "convInputGrad")
    (param $dy i32) (param $wt i32) (param $dx i32) (param $n i32) (param $h i32) (param $w i32) (param $cin i32)
    (param $oh i32) (param $ow i32) (param $cout i32) (param $sh i32) (param $sw i32) (param $top i32) (param $left i32)
    (param $kh i32) (param $kw i32) (param $init i32)
    (local $b i32) (local $i i32) (local $j i32) (local $yoff i32) (local $xoff i32) (local $yLo i32) (local $yHi i32) (local $xLo i32) (local $xHi i32)
    (local $oy i32) (local $cnt i32) (local $pa i32) (local $pc i32) (local $tap i32) (local $sa i32) (local $sc i32) (local $rb i32) (local $d i32)
    (local.set $sa (i32.shl (local.get $cout) (i32.const 2)))
    (local.set $sc (i32.shl (i32.mul (local.get $sw) (local.get $cin)) (i32.const 2)))
    (local.set $rb (i32.shl (local.get $cin) (i32.const 2)))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $i (i32.const 0))
      (block $iDone (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $kh)))
        (local.set $yoff (i32.sub (local.get $i) (local.get $top)))
        (local.set $yLo (call $first (local.get $yoff) (local.get $sh)))
        (local.set $yHi (call $end (local.get $yoff) (local.get $sh) (local.get $h) (local.get $oh)))
        (local.set $j (i32.const 0))
        (block $jDone (loop $jLoop
          (br_if $jDone (i32.ge_u (local.get $j) (local.get $kw)))
          (local.set $xoff (i32.sub (local.get $j) (local.get $left)))
          (local.set $xLo (call $first (local.get $xoff) (local.get $sw)))
          (local.set $xHi (call $end (local.get $xoff) (local.get $sw) (local.get $w) (local.get $ow)))
          (local.set $tap (i32.add (local.get $wt) (i32.shl (i32.mul (i32.add (i32.mul (local.get $i) (local.get $kw)) (local.get $j)) (i32.mul (local.get $cin) (local.get $cout))) (i32.const 2))))
          (local.set $oy (local.get $yLo))
          (block $oyDone (loop $oyLoop
            (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $yHi)))
            (if (i32.lt_s (local.get $xLo) (local.get $xHi)) (then
              (local.set $pa (i32.add (local.get $dy) (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $oh)) (local.get $oy)) (local.get $ow)) (local.get $xLo)) (local.get $cout)) (i32.const 2))))
              (local.set $pc (i32.add (local.get $dx) (i32.shl (i32.mul (i32.add
                (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.add (i32.mul (local.get $oy) (local.get $sh)) (local.get $yoff))) (local.get $w))
                (i32.add (i32.mul (local.get $xLo) (local.get $sw)) (local.get $xoff))) (local.get $cin)) (i32.const 2))))
              (local.set $cnt (i32.sub (local.get $xHi) (local.get $xLo)))
              ;; Four pixels at a time; the last tile's missing pixels repeat its last (see $quad).
              (loop $qLoop
                (local.set $d (select (i32.const 3) (i32.sub (local.get $cnt) (i32.const 1)) (i32.gt_u (local.get $cnt) (i32.const 3))))
                (call $quad (local.get $pa)
                  (i32.mul (local.get $sa) (select (i32.const 1) (local.get $d) (i32.gt_u (local.get $d) (i32.const 1))))
                  (i32.mul (local.get $sa) (select (i32.const 2) (local.get $d) (i32.gt_u (local.get $d) (i32.const 2))))
                  (i32.mul (local.get $sa) (local.get $d))
                  (local.get $pc)
                  (i32.mul (local.get $sc) (select (i32.const 1) (local.get $d) (i32.gt_u (local.get $d) (i32.const 1))))
                  (i32.mul (local.get $sc) (select (i32.const 2) (local.get $d) (i32.gt_u (local.get $d) (i32.const 2))))
                  (i32.mul (local.get $sc) (local.get $d))
                  (local.get $tap) (local.get $rb) (local.get $cout) (local.get $cin) (local.get $init))
                (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $sa) (i32.const 2))))
                (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $sc) (i32.const 2))))
                (local.set $cnt (i32.sub (local.get $cnt) (i32.const 4)))
                (br_if $qLoop (i32.gt_s (local.get $cnt) (i32.const 0))))))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $oyLoop)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop))))
)
