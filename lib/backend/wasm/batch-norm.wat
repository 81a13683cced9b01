;; Batch normalization's four passes over an activation, in WebAssembly SIMD, on tfjs-backend-wasm's
;; own memory (imported: the pointers are tensors' offsets in its heap). Compiled by
;; scripts/build-wasm-kernels.mjs into batch-norm.wasm.ts, once with an unshared memory (the
;; one-thread build) and once with a shared one (the threaded build): __MEMORY__ is replaced.
;;
;; x, dy, y, dx: `rows` rows of `c` float32 values (channels last). Per-channel vectors: float32
;; (shift, mean, A, B, C) or float64 (acc: 2·c or 3·c sums). Four channels at a time; the last c mod 4
;; channels one by one. Sums accumulate in float64, as the CPU backend's do.
(module
  (import "env" "memory" __MEMORY__)

  ;; acc[ch] += Σ (x − shift[ch]); acc[c + ch] += Σ (x − shift[ch])².
  (func (export "stats") (param $x i32) (param $rows i32) (param $c i32) (param $shift i32) (param $acc i32)
    (local $r i32) (local $ch i32) (local $c4 i32) (local $row i32) (local $s i32) (local $q i32)
    (local $d v128) (local $lo v128) (local $hi v128) (local $ds f64)
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $c)) (i32.const 2))))
        (local.set $ch (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $ch) (local.get $c4)))
            (local.set $d (f32x4.sub
              (v128.load (i32.add (local.get $row) (i32.shl (local.get $ch) (i32.const 2))))
              (v128.load (i32.add (local.get $shift) (i32.shl (local.get $ch) (i32.const 2))))))
            (local.set $lo (f64x2.promote_low_f32x4 (local.get $d)))
            (local.set $hi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d))))
            (local.set $s (i32.add (local.get $acc) (i32.shl (local.get $ch) (i32.const 3))))
            (local.set $q (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 3))))
            (v128.store (local.get $s) (f64x2.add (v128.load (local.get $s)) (local.get $lo)))
            (v128.store offset=16 (local.get $s) (f64x2.add (v128.load offset=16 (local.get $s)) (local.get $hi)))
            (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $lo) (local.get $lo))))
            (v128.store offset=16 (local.get $q) (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.mul (local.get $hi) (local.get $hi))))
            (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $ch) (local.get $c)))
            (local.set $ds (f64.promote_f32 (f32.sub
              (f32.load (i32.add (local.get $row) (i32.shl (local.get $ch) (i32.const 2))))
              (f32.load (i32.add (local.get $shift) (i32.shl (local.get $ch) (i32.const 2)))))))
            (local.set $s (i32.add (local.get $acc) (i32.shl (local.get $ch) (i32.const 3))))
            (local.set $q (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 3))))
            (f64.store (local.get $s) (f64.add (f64.load (local.get $s)) (local.get $ds)))
            (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.mul (local.get $ds) (local.get $ds))))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; acc[ch] += Σ dy; acc[c + ch] += Σ dy·(x − mean[ch]); acc[2c + ch] += Σ (x − mean[ch]) (what the
  ;; float32 mean's rounding leaves: the gradient corrects for it).
  (func (export "gradSums") (param $x i32) (param $dy i32) (param $rows i32) (param $c i32) (param $mean i32) (param $acc i32)
    (local $r i32) (local $ch i32) (local $c4 i32) (local $off i32) (local $s i32) (local $q i32) (local $e i32)
    (local $g v128) (local $d v128) (local $p v128) (local $gs f64) (local $ds f64)
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ch (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $ch) (local.get $c4)))
            (local.set $off (i32.shl (i32.add (i32.mul (local.get $r) (local.get $c)) (local.get $ch)) (i32.const 2)))
            (local.set $g (v128.load (i32.add (local.get $dy) (local.get $off))))
            (local.set $d (f32x4.sub
              (v128.load (i32.add (local.get $x) (local.get $off)))
              (v128.load (i32.add (local.get $mean) (i32.shl (local.get $ch) (i32.const 2))))))
            (local.set $p (f32x4.mul (local.get $g) (local.get $d)))
            (local.set $s (i32.add (local.get $acc) (i32.shl (local.get $ch) (i32.const 3))))
            (local.set $q (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 3))))
            (local.set $e (i32.add (local.get $q) (i32.shl (local.get $c) (i32.const 3))))
            (v128.store (local.get $e) (f64x2.add (v128.load (local.get $e)) (f64x2.promote_low_f32x4 (local.get $d))))
            (v128.store offset=16 (local.get $e) (f64x2.add (v128.load offset=16 (local.get $e))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d)))))
            (v128.store (local.get $s) (f64x2.add (v128.load (local.get $s)) (f64x2.promote_low_f32x4 (local.get $g))))
            (v128.store offset=16 (local.get $s) (f64x2.add (v128.load offset=16 (local.get $s))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $g) (local.get $g)))))
            (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.promote_low_f32x4 (local.get $p))))
            (v128.store offset=16 (local.get $q) (f64x2.add (v128.load offset=16 (local.get $q))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $p) (local.get $p)))))
            (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $ch) (local.get $c)))
            (local.set $off (i32.shl (i32.add (i32.mul (local.get $r) (local.get $c)) (local.get $ch)) (i32.const 2)))
            (local.set $gs (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $off)))))
            (local.set $ds (f64.promote_f32 (f32.sub
              (f32.load (i32.add (local.get $x) (local.get $off)))
              (f32.load (i32.add (local.get $mean) (i32.shl (local.get $ch) (i32.const 2)))))))
            (local.set $s (i32.add (local.get $acc) (i32.shl (local.get $ch) (i32.const 3))))
            (local.set $q (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 3))))
            (local.set $e (i32.add (local.get $q) (i32.shl (local.get $c) (i32.const 3))))
            (f64.store (local.get $s) (f64.add (f64.load (local.get $s)) (local.get $gs)))
            (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.mul (local.get $gs) (local.get $ds))))
            (f64.store (local.get $e) (f64.add (f64.load (local.get $e)) (local.get $ds)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; out = A[ch]·dy + B[ch]·(x − mean[ch]) + C[ch]. With A = 0 and dy = x, also the forward pass:
  ;; y = B·(x − mean) + C (B = γ/σ, C = β).
  (func (export "affine") (param $x i32) (param $dy i32) (param $out i32) (param $rows i32) (param $c i32)
    (param $mean i32) (param $A i32) (param $B i32) (param $C i32)
    (local $r i32) (local $ch i32) (local $c4 i32) (local $off i32) (local $k i32)
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ch (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $ch) (local.get $c4)))
            (local.set $off (i32.shl (i32.add (i32.mul (local.get $r) (local.get $c)) (local.get $ch)) (i32.const 2)))
            (local.set $k (i32.shl (local.get $ch) (i32.const 2)))
            (v128.store (i32.add (local.get $out) (local.get $off))
              (f32x4.add
                (f32x4.add
                  (f32x4.mul (v128.load (i32.add (local.get $A) (local.get $k))) (v128.load (i32.add (local.get $dy) (local.get $off))))
                  (f32x4.mul (v128.load (i32.add (local.get $B) (local.get $k)))
                    (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $off))) (v128.load (i32.add (local.get $mean) (local.get $k))))))
                (v128.load (i32.add (local.get $C) (local.get $k)))))
            (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $ch) (local.get $c)))
            (local.set $off (i32.shl (i32.add (i32.mul (local.get $r) (local.get $c)) (local.get $ch)) (i32.const 2)))
            (local.set $k (i32.shl (local.get $ch) (i32.const 2)))
            (f32.store (i32.add (local.get $out) (local.get $off))
              (f32.add
                (f32.add
                  (f32.mul (f32.load (i32.add (local.get $A) (local.get $k))) (f32.load (i32.add (local.get $dy) (local.get $off))))
                  (f32.mul (f32.load (i32.add (local.get $B) (local.get $k)))
                    (f32.sub (f32.load (i32.add (local.get $x) (local.get $off))) (f32.load (i32.add (local.get $mean) (local.get $k))))))
                (f32.load (i32.add (local.get $C) (local.get $k)))))
            (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
)
