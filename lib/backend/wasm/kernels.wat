;; Gradients of convolutions (filter gradients, the depthwise input gradient), and ReLU6 with its gradient, in WebAssembly SIMD on
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
  ;; columns in one register.
  (func (export "depthwiseFilterGrad")
    (param $x i32) (param $dy i32) (param $acc i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (param $oh i32) (param $ow i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32)
    (param $top i32) (param $left i32) (param $kh i32) (param $kw i32)
    (local $b i32) (local $oy i32) (local $i i32) (local $j i32) (local $yy i32) (local $xoff i32)
    (local $lo i32) (local $hi i32) (local $ch i32) (local $c4 i32) (local $xrow i32) (local $dyrow i32)
    (local $pa i32) (local $pb i32) (local $k i32) (local $sa i32) (local $sb i32) (local $accp i32)
    (local $q i32) (local $s v128) (local $f f32)
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
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
                  (br_if $vDone (i32.ge_u (local.get $ch) (local.get $c4)))
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
    (local $lo i32) (local $hi i32) (local $ch i32) (local $c4 i32) (local $xrow i32) (local $dyrow i32)
    (local $pa i32) (local $pb i32) (local $k i32) (local $sa i32) (local $sb i32) (local $wp i32)
    (local $v v128) (local $f f32)
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
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
                  (br_if $vDone (i32.ge_u (local.get $ch) (local.get $c4)))
                  (local.set $pa (i32.add (local.get $xrow) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $lo) (local.get $sw)) (local.get $xoff)) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $pb (i32.add (local.get $dyrow) (i32.shl (i32.add (i32.mul (local.get $lo) (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $v (v128.load (i32.add (local.get $wp) (i32.shl (local.get $ch) (i32.const 2)))))
                  (local.set $k (i32.sub (local.get $hi) (local.get $lo)))
                  (loop $pLoop
                    (v128.store (local.get $pa) (f32x4.add (v128.load (local.get $pa)) (f32x4.mul (v128.load (local.get $pb)) (local.get $v))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
                    (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                    (br_if $pLoop (local.get $k)))
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

  ;; out[n] += Σ A[m]·B[n] over a rectangle of points for one input channel m (A, B: the point at
  ;; (r, c) is at A + r·ra + c·sa, B + r·rb + c·sb, in bytes; rows, cols ≥ 1): eight columns at a
  ;; time, then four, then one.
  (func $row (param $A i32) (param $sa i32) (param $ra i32) (param $B i32) (param $sb i32) (param $rb i32)
    (param $cols i32) (param $rows i32) (param $N i32) (param $out i32)
    (local $n i32) (local $pa i32) (local $pb i32) (local $ra0 i32) (local $rb0 i32) (local $r i32) (local $k i32)
    (local $a v128) (local $s0 v128) (local $s1 v128) (local $f f32)
    (block $d8 (loop $l8
      (br_if $d8 (i32.gt_u (i32.add (local.get $n) (i32.const 8)) (local.get $N)))
      (local.set $s0 (v128.const i64x2 0 0))
      (local.set $s1 (v128.const i64x2 0 0))
      (local.set $ra0 (local.get $A)) (local.set $rb0 (i32.add (local.get $B) (i32.shl (local.get $n) (i32.const 2)))) (local.set $r (local.get $rows))
      (loop $rows
        (local.set $pa (local.get $ra0)) (local.set $pb (local.get $rb0)) (local.set $k (local.get $cols))
        (loop $p
        (local.set $a (v128.load32_splat (local.get $pa)))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $a) (v128.load (local.get $pb)))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $a) (v128.load offset=16 (local.get $pb)))))
          (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
          (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (br_if $p (local.get $k)))
        (local.set $ra0 (i32.add (local.get $ra0) (local.get $ra)))
        (local.set $rb0 (i32.add (local.get $rb0) (local.get $rb)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (br_if $rows (local.get $r)))
      (local.set $pa (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
      (v128.store (local.get $pa) (f32x4.add (v128.load (local.get $pa)) (local.get $s0)))
      (v128.store offset=16 (local.get $pa) (f32x4.add (v128.load offset=16 (local.get $pa)) (local.get $s1)))
      (local.set $n (i32.add (local.get $n) (i32.const 8)))
      (br $l8)))
    (if (i32.le_u (i32.add (local.get $n) (i32.const 4)) (local.get $N)) (then
      (local.set $s0 (v128.const i64x2 0 0))
      (local.set $ra0 (local.get $A)) (local.set $rb0 (i32.add (local.get $B) (i32.shl (local.get $n) (i32.const 2)))) (local.set $r (local.get $rows))
      (loop $rows
        (local.set $pa (local.get $ra0)) (local.set $pb (local.get $rb0)) (local.set $k (local.get $cols))
        (loop $p
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (v128.load32_splat (local.get $pa)) (v128.load (local.get $pb)))))
          (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
          (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (br_if $p (local.get $k)))
        (local.set $ra0 (i32.add (local.get $ra0) (local.get $ra)))
        (local.set $rb0 (i32.add (local.get $rb0) (local.get $rb)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (br_if $rows (local.get $r)))
      (local.set $pa (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
      (v128.store (local.get $pa) (f32x4.add (v128.load (local.get $pa)) (local.get $s0)))
      (local.set $n (i32.add (local.get $n) (i32.const 4)))))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $f (f32.const 0))
      (local.set $ra0 (local.get $A)) (local.set $rb0 (i32.add (local.get $B) (i32.shl (local.get $n) (i32.const 2)))) (local.set $r (local.get $rows))
      (loop $rows
        (local.set $pa (local.get $ra0)) (local.set $pb (local.get $rb0)) (local.set $k (local.get $cols))
        (loop $p
        (local.set $f (f32.add (local.get $f) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
          (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
          (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (br_if $p (local.get $k)))
        (local.set $ra0 (i32.add (local.get $ra0) (local.get $ra)))
        (local.set $rb0 (i32.add (local.get $rb0) (local.get $rb)))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (br_if $rows (local.get $r)))
      (local.set $pa (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
      (f32.store (local.get $pa) (f32.add (f32.load (local.get $pa)) (local.get $f)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $l1))))

  ;; out[m·N + n] += Σ A[m]·B[n] over a rectangle of points (as for $row; M input channels at A,
  ;; N output channels at B). Tiles of 4 input × 8 output channels held in eight registers, over
  ;; chunks of about 64 points, which stay in the first-level cache while every tile reads them.
  (func $gemmAtB (param $A i32) (param $sa i32) (param $ra i32) (param $B i32) (param $sb i32) (param $rb i32)
    (param $cols i32) (param $allRows i32) (param $M i32) (param $N i32) (param $out i32)
    (local $r0 i32) (local $rows i32) (local $chunk i32) (local $m i32) (local $n i32) (local $t i32)
    (local $pa i32) (local $pb i32) (local $ra0 i32) (local $rb0 i32) (local $r i32) (local $k i32)
    (local $ca i32) (local $cb i32) (local $o i32) (local $ro i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $b0 v128) (local $b1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $ro (i32.shl (local.get $N) (i32.const 2)))
    (local.set $chunk (i32.div_u (i32.const 64) (local.get $cols)))
    (if (i32.eqz (local.get $chunk)) (then (local.set $chunk (i32.const 1))))
    (block $chunksDone (loop $chunks
      (br_if $chunksDone (i32.ge_u (local.get $r0) (local.get $allRows)))
      (local.set $rows (i32.sub (local.get $allRows) (local.get $r0)))
      (if (i32.gt_u (local.get $rows) (local.get $chunk)) (then (local.set $rows (local.get $chunk))))
      (local.set $ca (i32.add (local.get $A) (i32.mul (local.get $r0) (local.get $ra))))
      (local.set $cb (i32.add (local.get $B) (i32.mul (local.get $r0) (local.get $rb))))
      (local.set $m (i32.const 0))
      (block $mDone (loop $mLoop
        (br_if $mDone (i32.gt_u (i32.add (local.get $m) (i32.const 4)) (local.get $M)))
        (local.set $n (i32.const 0))
        (block $nDone (loop $nLoop
          (br_if $nDone (i32.gt_u (i32.add (local.get $n) (i32.const 8)) (local.get $N)))
          (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
          (local.set $s10 (v128.const i64x2 0 0)) (local.set $s11 (v128.const i64x2 0 0))
          (local.set $s20 (v128.const i64x2 0 0)) (local.set $s21 (v128.const i64x2 0 0))
          (local.set $s30 (v128.const i64x2 0 0)) (local.set $s31 (v128.const i64x2 0 0))
          (local.set $ra0 (i32.add (local.get $ca) (i32.shl (local.get $m) (i32.const 2)))) (local.set $rb0 (i32.add (local.get $cb) (i32.shl (local.get $n) (i32.const 2)))) (local.set $r (local.get $rows))
          (loop $rows
            (local.set $pa (local.get $ra0)) (local.set $pb (local.get $rb0)) (local.set $k (local.get $cols))
            (loop $p
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $a0 (v128.load32_splat (local.get $pa)))
            (local.set $a1 (v128.load32_splat offset=4 (local.get $pa)))
            (local.set $a2 (v128.load32_splat offset=8 (local.get $pa)))
            (local.set $a3 (v128.load32_splat offset=12 (local.get $pa)))
            (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $a0) (local.get $b0))))
            (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $a0) (local.get $b1))))
            (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $a1) (local.get $b0))))
            (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $a1) (local.get $b1))))
            (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $a2) (local.get $b0))))
            (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $a2) (local.get $b1))))
            (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $a3) (local.get $b0))))
            (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $a3) (local.get $b1))))
              (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $p (local.get $k)))
            (local.set $ra0 (i32.add (local.get $ra0) (local.get $ra)))
            (local.set $rb0 (i32.add (local.get $rb0) (local.get $rb)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br_if $rows (local.get $r)))
          (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $n)) (i32.const 2))))
          (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (local.get $s00)))
          (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (local.get $s01)))
          (local.set $o (i32.add (local.get $o) (local.get $ro)))
          (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (local.get $s10)))
          (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (local.get $s11)))
          (local.set $o (i32.add (local.get $o) (local.get $ro)))
          (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (local.get $s20)))
          (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (local.get $s21)))
          (local.set $o (i32.add (local.get $o) (local.get $ro)))
          (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (local.get $s30)))
          (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $o)) (local.get $s31)))
          (local.set $n (i32.add (local.get $n) (i32.const 8)))
          (br $nLoop)))
        ;; The last N mod 8 columns of these four input channels, one channel at a time.
        (if (i32.lt_u (local.get $n) (local.get $N)) (then
          (local.set $t (i32.const 0))
          (block $tDone (loop $tLoop
            (br_if $tDone (i32.ge_u (local.get $t) (i32.const 4)))
            (call $row (i32.add (local.get $ca) (i32.shl (i32.add (local.get $m) (local.get $t)) (i32.const 2))) (local.get $sa) (local.get $ra)
              (i32.add (local.get $cb) (i32.shl (local.get $n) (i32.const 2))) (local.get $sb) (local.get $rb) (local.get $cols) (local.get $rows)
              (i32.sub (local.get $N) (local.get $n))
              (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $m) (local.get $t)) (local.get $N)) (local.get $n)) (i32.const 2))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tLoop)))))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (br $mLoop)))
      ;; The last M mod 4 input channels.
      (block $mtDone (loop $mtLoop
        (br_if $mtDone (i32.ge_u (local.get $m) (local.get $M)))
        (call $row (i32.add (local.get $ca) (i32.shl (local.get $m) (i32.const 2))) (local.get $sa) (local.get $ra)
          (local.get $cb) (local.get $sb) (local.get $rb) (local.get $cols) (local.get $rows)
          (local.get $N) (i32.add (local.get $out) (i32.shl (i32.mul (local.get $m) (local.get $N)) (i32.const 2))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $mtLoop)))
      (local.set $r0 (i32.add (local.get $r0) (local.get $rows)))
      (br $chunks))))

  ;; acc[k] += part[k] (float64 += float32), part[k] = 0, for k < count.
  (func $flush (param $part i32) (param $acc i32) (param $count i32)
    (local $k i32) (local $c2 i32) (local $v v128)
    (local.set $c2 (i32.and (local.get $count) (i32.const -2)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $c2)))
      (local.set $v (v128.load64_zero (i32.add (local.get $part) (i32.shl (local.get $k) (i32.const 2)))))
      (v128.store (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3)))
        (f64x2.add (v128.load (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3)))) (f64x2.promote_low_f32x4 (local.get $v))))
      (i64.store (i32.add (local.get $part) (i32.shl (local.get $k) (i32.const 2))) (i64.const 0))
      (local.set $k (i32.add (local.get $k) (i32.const 2)))
      (br $l)))
    (if (i32.lt_u (local.get $k) (local.get $count)) (then
      (f64.store (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3)))
        (f64.add (f64.load (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3))))
          (f64.promote_f32 (f32.load (i32.add (local.get $part) (i32.shl (local.get $k) (i32.const 2)))))))
      (f32.store (i32.add (local.get $part) (i32.shl (local.get $k) (i32.const 2))) (f32.const 0)))))

  ;; Filter gradient of conv2d (dilation 1):
  ;; acc[((i·kw + j)·cin + ci)·cout + co] += Σ_{b,oy,ox} x[b, oy·sh + i − top, ox·sw + j − left, ci]·dy[b, oy, ox, co]
  ;; (acc: float64; part: kh·kw·cin·cout float32 zeros, scratch). For each image and tap, the output
  ;; pixels whose input pixel lies inside x form a rectangle [oyLo, oyHi) × [oxLo, oxHi); over it the
  ;; tap's gradient is a product xᵀ·dy on strided rows of x ($gemmAtB). Each image's sums are added to
  ;; acc in float64.
  (func (export "convFilterGrad")
    (param $x i32) (param $dy i32) (param $part i32) (param $acc i32) (param $n i32) (param $h i32) (param $w i32) (param $cin i32)
    (param $oh i32) (param $ow i32) (param $cout i32) (param $sh i32) (param $sw i32) (param $top i32) (param $left i32)
    (param $kh i32) (param $kw i32)
    (local $b i32) (local $i i32) (local $j i32) (local $yoff i32) (local $xoff i32) (local $yLo i32) (local $yHi i32) (local $xLo i32) (local $xHi i32)
    (local $xb i32) (local $dyb i32) (local $sa i32) (local $tap i32)
    (local.set $sa (i32.shl (i32.mul (local.get $sw) (local.get $cin)) (i32.const 2)))
    (local.set $tap (i32.shl (i32.mul (local.get $cin) (local.get $cout)) (i32.const 2)))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $xb (i32.add (local.get $x) (i32.shl (i32.mul (local.get $b) (i32.mul (i32.mul (local.get $h) (local.get $w)) (local.get $cin))) (i32.const 2))))
      (local.set $dyb (i32.add (local.get $dy) (i32.shl (i32.mul (local.get $b) (i32.mul (i32.mul (local.get $oh) (local.get $ow)) (local.get $cout))) (i32.const 2))))
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
          (if (i32.and (i32.lt_s (local.get $yLo) (local.get $yHi)) (i32.lt_s (local.get $xLo) (local.get $xHi))) (then
            (call $gemmAtB
              (i32.add (local.get $xb) (i32.shl (i32.mul (i32.add
                (i32.mul (i32.add (i32.mul (local.get $yLo) (local.get $sh)) (local.get $yoff)) (local.get $w))
                (i32.add (i32.mul (local.get $xLo) (local.get $sw)) (local.get $xoff))) (local.get $cin)) (i32.const 2)))
              (local.get $sa) (i32.shl (i32.mul (i32.mul (local.get $sh) (local.get $w)) (local.get $cin)) (i32.const 2))
              (i32.add (local.get $dyb) (i32.shl (i32.mul (i32.add (i32.mul (local.get $yLo) (local.get $ow)) (local.get $xLo)) (local.get $cout)) (i32.const 2)))
              (i32.shl (local.get $cout) (i32.const 2)) (i32.shl (i32.mul (local.get $ow) (local.get $cout)) (i32.const 2))
              (i32.sub (local.get $xHi) (local.get $xLo)) (i32.sub (local.get $yHi) (local.get $yLo)) (local.get $cin) (local.get $cout)
              (i32.add (local.get $part) (i32.mul (i32.add (i32.mul (local.get $i) (local.get $kw)) (local.get $j)) (local.get $tap))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
      (call $flush (local.get $part) (local.get $acc) (i32.mul (i32.mul (local.get $kh) (local.get $kw)) (i32.mul (local.get $cin) (local.get $cout))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop))))

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
