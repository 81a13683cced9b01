;; Gradients of depthwise convolutions (filter, input), and ReLU6 with its gradient, in WebAssembly SIMD on
;; tfjs-backend-wasm's own memory (imported: the pointers are tensors' offsets in its heap).
;; Compiled by scripts/build-wasm-kernels.mjs into kernels.wasm.ts, once with an unshared memory
;; (the one-thread build) and once with a shared one (the threaded build): __MEMORY__ is replaced.
;;
;; Tensors are channels last (NHWC), float32. Sums run in float32 over one image (or one output
;; row), then are added to float64 accumulators, so a batch's sum keeps the precision of the CPU
;; backend's double sums within 1e-4 while the inner loops stay four lanes wide.
(module
  (import "env" "memory" __MEMORY__)

  ;; Depthwise filter gradient, channel multiplier 1:
  ;; acc[(i·kw + j)·c + ch] += Σ_{b,oy,ox} x[b, oy·sh + i·dh − top, ox·sw + j·dw − left, ch]·dy[b, oy, ox, ch]
  ;; (acc: float64). Per output row and tap, each group of 4 channels sums over the row's valid
  ;; columns in one register (the last c mod 4 channels: the last four, those done already masked).
  (func (export "depthwiseFilterGrad")
    (param $x i32) (param $dy i32) (param $acc i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (param $oh i32) (param $ow i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32)
    (param $top i32) (param $left i32) (param $kh i32) (param $kw i32)
    (local $b i32) (local $oy i32) (local $i i32) (local $j i32) (local $yy i32) (local $xoff i32)
    (local $lo i32) (local $hi i32) (local $ch i32) (local $mask v128) (local $xrow i32) (local $dyrow i32)
    (local $pa i32) (local $pb i32) (local $k i32) (local $sa i32) (local $sb i32) (local $accp i32)
    (local $q i32) (local $s v128) (local $f f32)
    (local.set $sa (i32.shl (i32.mul (local.get $sw) (local.get $c)) (i32.const 2)))
    (local.set $sb (i32.shl (local.get $c) (i32.const 2)))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_u (local.get $oy) (local.get $oh)))
        (local.set $dyrow (i32.add (local.get $dy)
          (i32.shl (i32.mul (i32.add (i32.mul (local.get $b) (local.get $oh)) (local.get $oy)) (i32.mul (local.get $ow) (local.get $c))) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $iDone (loop $iLoop
          (br_if $iDone (i32.ge_u (local.get $i) (local.get $kh)))
          (local.set $yy (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $top)) (i32.mul (local.get $i) (local.get $dh))))
          ;; Unsigned: a negative row is out of range too.
          (if (i32.lt_u (local.get $yy) (local.get $h)) (then
            (local.set $xrow (i32.add (local.get $x)
              (i32.shl (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $yy)) (i32.mul (local.get $w) (local.get $c))) (i32.const 2))))
            (local.set $j (i32.const 0))
            (block $jDone (loop $jLoop
              (br_if $jDone (i32.ge_u (local.get $j) (local.get $kw)))
              (local.set $xoff (i32.sub (i32.mul (local.get $j) (local.get $dw)) (local.get $left)))
              ;; Output columns whose input column ox·sw + xoff lies in [0, w): [lo, hi).
              (local.set $lo (if (result i32) (i32.ge_s (local.get $xoff) (i32.const 0)) (then (i32.const 0))
                (else (i32.div_u (i32.add (i32.sub (i32.const 0) (local.get $xoff)) (i32.sub (local.get $sw) (i32.const 1))) (local.get $sw)))))
              (local.set $hi (if (result i32) (i32.lt_s (i32.sub (i32.sub (local.get $w) (i32.const 1)) (local.get $xoff)) (i32.const 0)) (then (i32.const 0))
                (else (i32.add (i32.div_u (i32.sub (i32.sub (local.get $w) (i32.const 1)) (local.get $xoff)) (local.get $sw)) (i32.const 1)))))
              (if (i32.gt_u (local.get $hi) (local.get $ow)) (then (local.set $hi (local.get $ow))))
              (if (i32.lt_u (local.get $lo) (local.get $hi)) (then
                (local.set $accp (i32.add (local.get $acc) (i32.shl (i32.mul (i32.add (i32.mul (local.get $i) (local.get $kw)) (local.get $j)) (local.get $c)) (i32.const 3))))
                (local.set $ch (i32.const 0))
                (block $vDone (loop $vLoop
                  (br_if $vDone (i32.ge_u (local.get $ch) (local.get $c)))
                  (local.set $mask (v128.const i32x4 -1 -1 -1 -1))
                  ;; The last c mod 4 channels when 2 or 3 (and c ≥ 4): the last four channels, with the
                  ;; lanes of the channels done already masked to +0 (sums start at +0, so never are −0:
                  ;; adding +0 changes nothing). One channel left runs the loop after (as fast).
                  (if (i32.gt_u (i32.add (local.get $ch) (i32.const 4)) (local.get $c)) (then
                    (br_if $vDone (i32.or (i32.lt_u (local.get $c) (i32.const 4)) (i32.lt_u (i32.sub (local.get $c) (local.get $ch)) (i32.const 2))))
                    (local.set $mask (i32x4.gt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (i32.sub (i32.add (local.get $ch) (i32.const 3)) (local.get $c)))))
                    (local.set $ch (i32.sub (local.get $c) (i32.const 4)))))
                  (local.set $pa (i32.add (local.get $xrow) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $lo) (local.get $sw)) (local.get $xoff)) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $pb (i32.add (local.get $dyrow) (i32.shl (i32.add (i32.mul (local.get $lo) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $s (v128.const i64x2 0 0))
                  (local.set $k (i32.sub (local.get $hi) (local.get $lo)))
                  (loop $pLoop
                    (local.set $s (f32x4.add (local.get $s) (f32x4.mul (v128.load (local.get $pa)) (v128.load (local.get $pb)))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
                    (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                    (br_if $pLoop (local.get $k)))
                  (local.set $s (v128.and (local.get $s) (local.get $mask)))
                  (local.set $q (i32.add (local.get $accp) (i32.shl (local.get $ch) (i32.const 3))))
                  (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.promote_low_f32x4 (local.get $s))))
                  (v128.store offset=16 (local.get $q) (f64x2.add (v128.load offset=16 (local.get $q))
                    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s)))))
                  (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
                  (br $vLoop)))
                (block $tDone (loop $tLoop
                  (br_if $tDone (i32.ge_u (local.get $ch) (local.get $c)))
                  (local.set $pa (i32.add (local.get $xrow) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $lo) (local.get $sw)) (local.get $xoff)) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $pb (i32.add (local.get $dyrow) (i32.shl (i32.add (i32.mul (local.get $lo) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $f (f32.const 0))
                  (local.set $k (i32.sub (local.get $hi) (local.get $lo)))
                  (loop $qLoop
                    (local.set $f (f32.add (local.get $f) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
                    (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                    (br_if $qLoop (local.get $k)))
                  (local.set $q (i32.add (local.get $accp) (i32.shl (local.get $ch) (i32.const 3))))
                  (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.promote_f32 (local.get $f))))
                  (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
                  (br $tLoop)))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $jLoop)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $iLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop))))

;; Depthwise input gradient, channel multiplier 1 (dx: zeros on entry):
  ;; dx[b, oy·sh + i·dh − top, ox·sw + j·dw − left, ch] += dy[b, oy, ox, ch]·w[i, j, ch]: each output
  ;; pixel's gradient spread back over the input pixels its window read, four channels at a time.
  (func (export "depthwiseInputGrad")
    (param $dy i32) (param $wt i32) (param $dx i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (param $oh i32) (param $ow i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32)
    (param $top i32) (param $left i32) (param $kh i32) (param $kw i32)
    (local $b i32) (local $oy i32) (local $i i32) (local $j i32) (local $yy i32) (local $xoff i32)
    (local $lo i32) (local $hi i32) (local $ch i32) (local $mask v128) (local $xrow i32) (local $dyrow i32)
    (local $pa i32) (local $pb i32) (local $k i32) (local $sa i32) (local $sb i32) (local $wp i32)
    (local $v v128) (local $f f32)
    (local.set $sa (i32.shl (i32.mul (local.get $sw) (local.get $c)) (i32.const 2)))
    (local.set $sb (i32.shl (local.get $c) (i32.const 2)))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_u (local.get $oy) (local.get $oh)))
        (local.set $dyrow (i32.add (local.get $dy)
          (i32.shl (i32.mul (i32.add (i32.mul (local.get $b) (local.get $oh)) (local.get $oy)) (i32.mul (local.get $ow) (local.get $c))) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $iDone (loop $iLoop
          (br_if $iDone (i32.ge_u (local.get $i) (local.get $kh)))
          (local.set $yy (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $top)) (i32.mul (local.get $i) (local.get $dh))))
          (if (i32.lt_u (local.get $yy) (local.get $h)) (then
            (local.set $xrow (i32.add (local.get $dx)
              (i32.shl (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $yy)) (i32.mul (local.get $w) (local.get $c))) (i32.const 2))))
            (local.set $j (i32.const 0))
            (block $jDone (loop $jLoop
              (br_if $jDone (i32.ge_u (local.get $j) (local.get $kw)))
              (local.set $xoff (i32.sub (i32.mul (local.get $j) (local.get $dw)) (local.get $left)))
              (local.set $lo (if (result i32) (i32.ge_s (local.get $xoff) (i32.const 0)) (then (i32.const 0))
                (else (i32.div_u (i32.add (i32.sub (i32.const 0) (local.get $xoff)) (i32.sub (local.get $sw) (i32.const 1))) (local.get $sw)))))
              (local.set $hi (if (result i32) (i32.lt_s (i32.sub (i32.sub (local.get $w) (i32.const 1)) (local.get $xoff)) (i32.const 0)) (then (i32.const 0))
                (else (i32.add (i32.div_u (i32.sub (i32.sub (local.get $w) (i32.const 1)) (local.get $xoff)) (local.get $sw)) (i32.const 1)))))
              (if (i32.gt_u (local.get $hi) (local.get $ow)) (then (local.set $hi (local.get $ow))))
              (if (i32.lt_u (local.get $lo) (local.get $hi)) (then
                (local.set $wp (i32.add (local.get $wt) (i32.shl (i32.mul (i32.add (i32.mul (local.get $i) (local.get $kw)) (local.get $j)) (local.get $c)) (i32.const 2))))
                (local.set $ch (i32.const 0))
                (block $vDone (loop $vLoop
                  (br_if $vDone (i32.ge_u (local.get $ch) (local.get $c)))
                  (local.set $mask (v128.const i32x4 -1 -1 -1 -1))
                  ;; The last c mod 4 channels when 2 or 3 (and c ≥ 4): the last four channels, with the
                  ;; lanes of the channels done already masked to +0 (sums start at +0, so never are −0:
                  ;; adding +0 changes nothing). One channel left runs the loop after (as fast).
                  (if (i32.gt_u (i32.add (local.get $ch) (i32.const 4)) (local.get $c)) (then
                    (br_if $vDone (i32.or (i32.lt_u (local.get $c) (i32.const 4)) (i32.lt_u (i32.sub (local.get $c) (local.get $ch)) (i32.const 2))))
                    (local.set $mask (i32x4.gt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (i32.sub (i32.add (local.get $ch) (i32.const 3)) (local.get $c)))))
                    (local.set $ch (i32.sub (local.get $c) (i32.const 4)))))
                  (local.set $pa (i32.add (local.get $xrow) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $lo) (local.get $sw)) (local.get $xoff)) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $pb (i32.add (local.get $dyrow) (i32.shl (i32.add (i32.mul (local.get $lo) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $v (v128.load (i32.add (local.get $wp) (i32.shl (local.get $ch) (i32.const 2)))))
                  (local.set $k (i32.sub (local.get $hi) (local.get $lo)))
                  (if (i32x4.all_true (local.get $mask)) (then
                    (loop $pLoop
                      (v128.store (local.get $pa) (f32x4.add (v128.load (local.get $pa)) (f32x4.mul (v128.load (local.get $pb)) (local.get $v))))
                      (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
                      (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
                      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                      (br_if $pLoop (local.get $k))))
                  (else
                    (loop $pLoop
                      (v128.store (local.get $pa) (f32x4.add (v128.load (local.get $pa)) (v128.and (f32x4.mul (v128.load (local.get $pb)) (local.get $v)) (local.get $mask))))
                      (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
                      (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
                      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                      (br_if $pLoop (local.get $k)))))
                  (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
                  (br $vLoop)))
                (block $tDone (loop $tLoop
                  (br_if $tDone (i32.ge_u (local.get $ch) (local.get $c)))
                  (local.set $pa (i32.add (local.get $xrow) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $lo) (local.get $sw)) (local.get $xoff)) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $pb (i32.add (local.get $dyrow) (i32.shl (i32.add (i32.mul (local.get $lo) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $f (f32.load (i32.add (local.get $wp) (i32.shl (local.get $ch) (i32.const 2)))))
                  (local.set $k (i32.sub (local.get $hi) (local.get $lo)))
                  (loop $qLoop
                    (f32.store (local.get $pa) (f32.add (f32.load (local.get $pa)) (f32.mul (f32.load (local.get $pb)) (local.get $f))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
                    (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                    (br_if $qLoop (local.get $k)))
                  (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
                  (br $tLoop)))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $jLoop)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $iLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop))))

  ;; y = min(6, max(0, x)) as tfjs-layers' ReLU6 computes it (minimum(6, relu(x))): NaN stays NaN.
  (func (export "relu6") (param $x i32) (param $y i32) (param $count i32)
    (local $k i32) (local $c4 i32) (local $v v128) (local $f f32)
    (local.set $c4 (i32.and (local.get $count) (i32.const -4)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $c4)))
      (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2)))))
      ;; pmin/pmax keep the first operand where the comparison fails, so NaN (which fails every
      ;; comparison) stays; relu(−0) is −0 as on the CPU backend (0 < −0 is false).
      (v128.store (i32.add (local.get $y) (i32.shl (local.get $k) (i32.const 2)))
        (f32x4.pmin (f32x4.pmax (local.get $v) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 6 6 6 6)))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $l)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $k) (local.get $count)))
      (local.set $f (f32.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2)))))
      (if (f32.lt (local.get $f) (f32.const 0)) (then (local.set $f (f32.const 0))))
      (if (f32.gt (local.get $f) (f32.const 6)) (then (local.set $f (f32.const 6))))
      (f32.store (i32.add (local.get $y) (i32.shl (local.get $k) (i32.const 2))) (local.get $f))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l1))))

  ;; dx = dy·mask, mask = 1 where 0 < x < 6, 0 elsewhere, NaN where x is NaN: the product tfjs-core's
  ;; gradients of minimum(6, relu(x)) form (dy·[6 > relu(x)]·step(x), step(NaN) = NaN).
  (func (export "relu6Grad") (param $x i32) (param $dy i32) (param $dx i32) (param $count i32)
    (local $k i32) (local $c4 i32) (local $v v128) (local $m v128) (local $f f32)
    (local.set $c4 (i32.and (local.get $count) (i32.const -4)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $c4)))
      (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2)))))
      (local.set $m (v128.and (v128.and (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)) (f32x4.lt (local.get $v) (v128.const f32x4 6 6 6 6)))
        (v128.const f32x4 1 1 1 1)))
      (local.set $m (v128.bitselect (local.get $v) (local.get $m) (f32x4.ne (local.get $v) (local.get $v))))
      (v128.store (i32.add (local.get $dx) (i32.shl (local.get $k) (i32.const 2)))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (i32.shl (local.get $k) (i32.const 2)))) (local.get $m)))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $l)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $k) (local.get $count)))
      (local.set $f (f32.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2)))))
      (local.set $f (if (result f32) (f32.ne (local.get $f) (local.get $f)) (then (local.get $f))
        (else (if (result f32) (i32.and (f32.gt (local.get $f) (f32.const 0)) (f32.lt (local.get $f) (f32.const 6))) (then (f32.const 1)) (else (f32.const 0))))))
      (f32.store (i32.add (local.get $dx) (i32.shl (local.get $k) (i32.const 2)))
        (f32.mul (f32.load (i32.add (local.get $dy) (i32.shl (local.get $k) (i32.const 2)))) (local.get $f)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l1))))
)
