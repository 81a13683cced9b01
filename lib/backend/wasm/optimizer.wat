;; The optimizers' updates (Adam, SGD with momentum, plain SGD), one pass over a variable each, in
;; WebAssembly SIMD on tfjs-backend-wasm's own memory (imported: the pointers are tensors' offsets in
;; its heap). Compiled by scripts/build-wasm-kernels.mjs into optimizer.wasm.ts, once with an
;; unshared memory (the one-thread build) and once with a shared one (the threaded build):
;; __MEMORY__ is replaced.
;;
;; Each update is the formula of tfjs-core 4.22's optimizer with the same operations in the same
;; order, every one rounded to float32 (as tfjs' element-wise kernels round each result), so the
;; numbers are the CPU backend's bit for bit. Four values at a time; the last n mod 4 one by one.
;; Inputs and outputs are `n` float32 values; the outputs are new tensors, never an input.
(module
  (import "env" "memory" __MEMORY__)

  ;; Adam: m' = m·β1 + g·(1 − β1); v' = v·β2 + g²·(1 − β2);
  ;; w' = (m' / (1 − β1ᵗ)) / (√(v' / (1 − β2ᵗ)) + ε) · (−lr) + w.
  ;; $c1 = 1 − β1, $c2 = 1 − β2, $d1 = 1 − β1ᵗ, $d2 = 1 − β2ᵗ, $lr = −lr, all float32.
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32)
    (param $wOut i32) (param $mOut i32) (param $vOut i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $d1 f32) (param $d2 f32) (param $eps f32) (param $lr f32)
    (local $i i32) (local $end i32) (local $end4 i32)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128)
    (local $D1 v128) (local $D2 v128) (local $E v128) (local $L v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $D1 (f32x4.splat (local.get $d1)))
    (local.set $D2 (f32x4.splat (local.get $d2)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $L (f32x4.splat (local.get $lr)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $B1))
          (f32x4.mul (local.get $gv) (local.get $C1))))
        (local.set $vv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $C2))))
        (v128.store (i32.add (local.get $mOut) (local.get $i)) (local.get $mv))
        (v128.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vv))
        (v128.store (i32.add (local.get $wOut) (local.get $i))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mv) (local.get $D1))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $D2))) (local.get $E)))
              (local.get $L))
            (v128.load (i32.add (local.get $w) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $mOut) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $wOut) (local.get $i))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $d1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $d2))) (local.get $eps)))
              (local.get $lr))
            (f32.load (i32.add (local.get $w) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail))))

  ;; SGD with momentum μ: a' = μ·a + g; w' = c·a' + w, or with Nesterov's correction
  ;; w' = c·(g + a'·μ) + w. $c = −lr, float32.
  (func (export "momentum")
    (param $w i32) (param $g i32) (param $a i32) (param $wOut i32) (param $aOut i32) (param $n i32)
    (param $mu f32) (param $c f32) (param $nesterov i32)
    (local $i i32) (local $end i32) (local $end4 i32)
    (local $M v128) (local $C v128) (local $gv v128) (local $av v128) (local $gs f32) (local $as f32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $M (f32x4.splat (local.get $mu)))
    (local.set $C (f32x4.splat (local.get $c)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $av (f32x4.add
          (f32x4.mul (local.get $M) (v128.load (i32.add (local.get $a) (local.get $i))))
          (local.get $gv)))
        (v128.store (i32.add (local.get $aOut) (local.get $i)) (local.get $av))
        (v128.store (i32.add (local.get $wOut) (local.get $i))
          (f32x4.add
            (f32x4.mul (local.get $C)
              (if (result v128) (local.get $nesterov)
                (then (f32x4.add (local.get $gv) (f32x4.mul (local.get $av) (local.get $M))))
                (else (local.get $av))))
            (v128.load (i32.add (local.get $w) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $as (f32.add
          (f32.mul (local.get $mu) (f32.load (i32.add (local.get $a) (local.get $i))))
          (local.get $gs)))
        (f32.store (i32.add (local.get $aOut) (local.get $i)) (local.get $as))
        (f32.store (i32.add (local.get $wOut) (local.get $i))
          (f32.add
            (f32.mul (local.get $c)
              (if (result f32) (local.get $nesterov)
                (then (f32.add (local.get $gs) (f32.mul (local.get $as) (local.get $mu))))
                (else (local.get $as))))
            (f32.load (i32.add (local.get $w) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail))))

  ;; Plain SGD: w' = c·g + w, $c = −lr, float32.
  (func (export "sgd") (param $w i32) (param $g i32) (param $wOut i32) (param $n i32) (param $c f32)
    (local $i i32) (local $end i32) (local $end4 i32) (local $C v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $C (f32x4.splat (local.get $c)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $end4)))
        (v128.store (i32.add (local.get $wOut) (local.get $i))
          (f32x4.add
            (f32x4.mul (local.get $C) (v128.load (i32.add (local.get $g) (local.get $i))))
            (v128.load (i32.add (local.get $w) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
        (f32.store (i32.add (local.get $wOut) (local.get $i))
          (f32.add
            (f32.mul (local.get $c) (f32.load (i32.add (local.get $g) (local.get $i))))
            (f32.load (i32.add (local.get $w) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail)))))
