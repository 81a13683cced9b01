;; The filter gradient of conv2d (dilation 1) in WebAssembly SIMD on tfjs-backend-wasm's own memory
;; (imported: the pointers are tensors' offsets in its heap). Compiled by
;; scripts/build-wasm-kernels.mjs into conv-filter-grad.wasm.ts, once with an unshared memory (the
;; one-thread build) and once with a shared one (the threaded build): __MEMORY__ is replaced.
;; A separate module from kernels.wat so that each stays under the 4 KB browsers compile
;; synchronously on any thread.
;;
;; Tensors are channels last (NHWC), float32. Sums run in float32 over one image, then are added
;; to float64 accumulators, so a batch's sum keeps the precision of the CPU backend's double sums
;; within 1e-4 while the inner loops stay four lanes wide.
(module
  (import "env" "memory" __MEMORY__)

  ;; out[m·N + n] += Σ A[m]·B[n] over a rectangle of points (the point at (r, c) is at A + r·ra + c·sa,
  ;; B + r·rb + c·sb, in bytes; cols, allRows ≥ 1; M input channels at A, N output channels at B), over
  ;; chunks of about 64 points, which stay in the first-level cache while every tile reads them.
  ;; Tiles of 4 input × 8 output channels in eight registers, then 4 × 4, then 4 × the last N mod 4
  ;; with the input channels as the lanes, so that no channel count falls to a loop with a single
  ;; sum. The last M mod 4 input channels run as a tile of four whose missing channels repeat the
  ;; last one (as do the missing columns of the last tile): every tile starts from out's sums and
  ;; writes them back, so a repeated channel writes the same numbers to the same place twice. One
  ;; or two last channels run one or two broadcasts a point over 8 columns instead.
  (func $gemmAtB (param $A i32) (param $sa i32) (param $ra i32) (param $B i32) (param $sb i32) (param $rb i32)
    (param $cols i32) (param $allRows i32) (param $M i32) (param $N i32) (param $out i32)
    (local $r0 i32) (local $rows i32) (local $chunk i32) (local $m i32) (local $n i32) (local $v i32)
    (local $pa i32) (local $pb i32) (local $ra0 i32) (local $rb0 i32) (local $r i32) (local $k i32)
    (local $ca i32) (local $cb i32) (local $o i32) (local $ro i32) (local $skip i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $c1 i32) (local $c2 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $b0 v128) (local $b1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $ro (i32.shl (local.get $N) (i32.const 2)))
    ;; From the end of a row of points in A to the start of the next.
    (local.set $skip (i32.sub (local.get $ra) (i32.mul (local.get $cols) (local.get $sa))))
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
        (br_if $mDone (i32.ge_u (local.get $m) (local.get $M)))
        ;; Offsets of input channels m+1..m+3 in A and of their rows in out, the last real one repeated.
        (local.set $v (i32.sub (local.get $M) (local.get $m)))
        (local.set $a1 (select (i32.const 4) (i32.const 0) (i32.gt_u (local.get $v) (i32.const 1))))
        (local.set $a2 (select (i32.const 8) (local.get $a1) (i32.gt_u (local.get $v) (i32.const 2))))
        (local.set $a3 (select (i32.const 12) (local.get $a2) (i32.gt_u (local.get $v) (i32.const 3))))
        (local.set $q1 (select (local.get $ro) (i32.const 0) (i32.gt_u (local.get $v) (i32.const 1))))
        (local.set $q2 (select (i32.shl (local.get $ro) (i32.const 1)) (local.get $q1) (i32.gt_u (local.get $v) (i32.const 2))))
        (local.set $q3 (select (i32.mul (local.get $ro) (i32.const 3)) (local.get $q2) (i32.gt_u (local.get $v) (i32.const 3))))
        (local.set $ra0 (i32.add (local.get $ca) (i32.shl (local.get $m) (i32.const 2))))
        (local.set $n (i32.const 0))
        (block $nDone (loop $nLoop
          (br_if $nDone (i32.gt_u (i32.add (local.get $n) (i32.const 8)) (local.get $N)))
          (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $n)) (i32.const 2))))
          (local.set $s00 (v128.load (local.get $o))) (local.set $s01 (v128.load offset=16 (local.get $o)))
          (local.set $s10 (v128.load (i32.add (local.get $o) (local.get $q1)))) (local.set $s11 (v128.load offset=16 (i32.add (local.get $o) (local.get $q1))))
          (local.set $s20 (v128.load (i32.add (local.get $o) (local.get $q2)))) (local.set $s21 (v128.load offset=16 (i32.add (local.get $o) (local.get $q2))))
          (local.set $s30 (v128.load (i32.add (local.get $o) (local.get $q3)))) (local.set $s31 (v128.load offset=16 (i32.add (local.get $o) (local.get $q3))))
          (local.set $pa (local.get $ra0)) (local.set $rb0 (i32.add (local.get $cb) (i32.shl (local.get $n) (i32.const 2)))) (local.set $r (local.get $rows))
          (loop $rows8
            (local.set $pb (local.get $rb0)) (local.set $k (local.get $cols))
            ;; Four real input channels: their offsets as immediates (three additions fewer a point).
            (if (i32.eq (local.get $a3) (i32.const 12)) (then
            (loop $p8
              (local.set $b0 (v128.load (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $x0 (v128.load32_splat (local.get $pa)))
              (local.set $x1 (v128.load32_splat offset=4 (local.get $pa)))
              (local.set $x2 (v128.load32_splat offset=8 (local.get $pa)))
              (local.set $x3 (v128.load32_splat offset=12 (local.get $pa)))
              (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (local.get $b0))))
              (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (local.get $b1))))
              (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x1) (local.get $b0))))
              (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x1) (local.get $b1))))
              (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x2) (local.get $b0))))
              (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x2) (local.get $b1))))
              (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x3) (local.get $b0))))
              (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x3) (local.get $b1))))
              (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $p8 (local.get $k))))
            (else
            ;; One real input channel: one broadcast and two sums a point (not four repeated).
            (if (i32.eqz (local.get $a3)) (then
            (loop $p8
              (local.set $x0 (v128.load32_splat (local.get $pa)))
              (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (v128.load (local.get $pb)))))
              (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (v128.load offset=16 (local.get $pb)))))
              (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $p8 (local.get $k)))
            (local.set $s10 (local.get $s00)) (local.set $s11 (local.get $s01))
            (local.set $s20 (local.get $s00)) (local.set $s21 (local.get $s01))
            (local.set $s30 (local.get $s00)) (local.set $s31 (local.get $s01)))
            (else
            ;; Two real input channels: two broadcasts and four sums a point (not four repeated).
            (if (i32.eq (local.get $a3) (i32.const 4)) (then
            (loop $p8
              (local.set $b0 (v128.load (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $x0 (v128.load32_splat (local.get $pa)))
              (local.set $x1 (v128.load32_splat offset=4 (local.get $pa)))
              (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (local.get $b0))))
              (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (local.get $b1))))
              (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x1) (local.get $b0))))
              (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x1) (local.get $b1))))
              (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $p8 (local.get $k)))
            (local.set $s20 (local.get $s10)) (local.set $s21 (local.get $s11))
            (local.set $s30 (local.get $s10)) (local.set $s31 (local.get $s11)))
            (else
            (loop $p8
              (local.set $b0 (v128.load (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $x0 (v128.load32_splat (local.get $pa)))
              (local.set $x1 (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))))
              (local.set $x2 (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))))
              (local.set $x3 (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))))
              (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (local.get $b0))))
              (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (local.get $b1))))
              (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x1) (local.get $b0))))
              (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x1) (local.get $b1))))
              (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x2) (local.get $b0))))
              (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x2) (local.get $b1))))
              (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x3) (local.get $b0))))
              (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x3) (local.get $b1))))
              (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $p8 (local.get $k)))))))))
            (local.set $pa (i32.add (local.get $pa) (local.get $skip)))
            (local.set $rb0 (i32.add (local.get $rb0) (local.get $rb)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br_if $rows8 (local.get $r)))
          (v128.store (local.get $o) (local.get $s00)) (v128.store offset=16 (local.get $o) (local.get $s01))
          (v128.store (i32.add (local.get $o) (local.get $q1)) (local.get $s10)) (v128.store offset=16 (i32.add (local.get $o) (local.get $q1)) (local.get $s11))
          (v128.store (i32.add (local.get $o) (local.get $q2)) (local.get $s20)) (v128.store offset=16 (i32.add (local.get $o) (local.get $q2)) (local.get $s21))
          (v128.store (i32.add (local.get $o) (local.get $q3)) (local.get $s30)) (v128.store offset=16 (i32.add (local.get $o) (local.get $q3)) (local.get $s31))
          (local.set $n (i32.add (local.get $n) (i32.const 8)))
          (br $nLoop)))
        ;; Four more output channels.
        (if (i32.le_u (i32.add (local.get $n) (i32.const 4)) (local.get $N)) (then
          (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $n)) (i32.const 2))))
          (local.set $s00 (v128.load (local.get $o)))
          (local.set $s10 (v128.load (i32.add (local.get $o) (local.get $q1))))
          (local.set $s20 (v128.load (i32.add (local.get $o) (local.get $q2))))
          (local.set $s30 (v128.load (i32.add (local.get $o) (local.get $q3))))
          (local.set $pa (local.get $ra0)) (local.set $rb0 (i32.add (local.get $cb) (i32.shl (local.get $n) (i32.const 2)))) (local.set $r (local.get $rows))
          (loop $rows4
            (local.set $pb (local.get $rb0)) (local.set $k (local.get $cols))
            (loop $p4
              (local.set $b0 (v128.load (local.get $pb)))
              (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (v128.load32_splat (local.get $pa)) (local.get $b0))))
              (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))) (local.get $b0))))
              (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))) (local.get $b0))))
              (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))) (local.get $b0))))
              (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $p4 (local.get $k)))
            (local.set $pa (i32.add (local.get $pa) (local.get $skip)))
            (local.set $rb0 (i32.add (local.get $rb0) (local.get $rb)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br_if $rows4 (local.get $r)))
          (v128.store (local.get $o) (local.get $s00))
          (v128.store (i32.add (local.get $o) (local.get $q1)) (local.get $s10))
          (v128.store (i32.add (local.get $o) (local.get $q2)) (local.get $s20))
          (v128.store (i32.add (local.get $o) (local.get $q3)) (local.get $s30))
          (local.set $n (i32.add (local.get $n) (i32.const 4)))))
        ;; The last N mod 4 output channels (columns n, n + c1, n + c2, the last real one repeated),
        ;; each a sum over the four input channels as lanes.
        (if (i32.lt_u (local.get $n) (local.get $N)) (then
          (local.set $c1 (select (i32.const 4) (i32.const 0) (i32.gt_u (i32.sub (local.get $N) (local.get $n)) (i32.const 1))))
          (local.set $c2 (select (i32.const 8) (local.get $c1) (i32.gt_u (i32.sub (local.get $N) (local.get $n)) (i32.const 2))))
          (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $m) (local.get $N)) (local.get $n)) (i32.const 2))))
          (local.set $s00 (call $gather (local.get $o) (local.get $q1) (local.get $q2) (local.get $q3)))
          (local.set $s01 (call $gather (i32.add (local.get $o) (local.get $c1)) (local.get $q1) (local.get $q2) (local.get $q3)))
          (local.set $s10 (call $gather (i32.add (local.get $o) (local.get $c2)) (local.get $q1) (local.get $q2) (local.get $q3)))
          (local.set $pa (local.get $ra0)) (local.set $rb0 (i32.add (local.get $cb) (i32.shl (local.get $n) (i32.const 2)))) (local.set $r (local.get $rows))
          (loop $rows1
            (local.set $pb (local.get $rb0)) (local.set $k (local.get $cols))
            (loop $p1
              (local.set $x0 (f32x4.replace_lane 3 (f32x4.replace_lane 2 (f32x4.replace_lane 1 (v128.load32_splat (local.get $pa))
                (f32.load (i32.add (local.get $pa) (local.get $a1)))) (f32.load (i32.add (local.get $pa) (local.get $a2)))) (f32.load (i32.add (local.get $pa) (local.get $a3)))))
              (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (v128.load32_splat (local.get $pb)))))
              (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (v128.load32_splat (i32.add (local.get $pb) (local.get $c1))))))
              (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x0) (v128.load32_splat (i32.add (local.get $pb) (local.get $c2))))))
              (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
              (local.set $pb (i32.add (local.get $pb) (local.get $sb)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $p1 (local.get $k)))
            (local.set $pa (i32.add (local.get $pa) (local.get $skip)))
            (local.set $rb0 (i32.add (local.get $rb0) (local.get $rb)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br_if $rows1 (local.get $r)))
          (call $scatter (local.get $o) (local.get $q1) (local.get $q2) (local.get $q3) (local.get $s00))
          (call $scatter (i32.add (local.get $o) (local.get $c1)) (local.get $q1) (local.get $q2) (local.get $q3) (local.get $s01))
          (call $scatter (i32.add (local.get $o) (local.get $c2)) (local.get $q1) (local.get $q2) (local.get $q3) (local.get $s10))))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (br $mLoop)))
      (local.set $r0 (i32.add (local.get $r0) (local.get $rows)))
      (br $chunks))))

  ;; The floats at p, p + d1, p + d2, p + d3 as the lanes of one vector, and back.
  (func $gather (param $p i32) (param $d1 i32) (param $d2 i32) (param $d3 i32) (result v128)
    (f32x4.replace_lane 3 (f32x4.replace_lane 2 (f32x4.replace_lane 1 (v128.load32_splat (local.get $p))
      (f32.load (i32.add (local.get $p) (local.get $d1)))) (f32.load (i32.add (local.get $p) (local.get $d2)))) (f32.load (i32.add (local.get $p) (local.get $d3)))))
  (func $scatter (param $p i32) (param $d1 i32) (param $d2 i32) (param $d3 i32) (param $v v128)
    (f32.store (local.get $p) (f32x4.extract_lane 0 (local.get $v)))
    (f32.store (i32.add (local.get $p) (local.get $d1)) (f32x4.extract_lane 1 (local.get $v)))
    (f32.store (i32.add (local.get $p) (local.get $d2)) (f32x4.extract_lane 2 (local.get $v)))
    (f32.store (i32.add (local.get $p) (local.get $d3)) (f32x4.extract_lane 3 (local.get $v))))

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
)
