/** The prose of lessons 1–4: the paper's argument, with its figures and sections cited. */
import { Formula } from '../../ui/lesson/Formula';

export function DegradationProse() {
  return (
    <>
      <p>
        Stacking more layers should never hurt, at least on the training set: a deeper net could copy a
        shallower one and make its extra layers the identity, so by construction
      </p>
      <Formula block tex="E_\text{train}(\text{deep}) \le E_\text{train}(\text{shallow})" />
      <p>
        Yet He et al. found that once deep plain nets start to converge (thanks to normalised initialisation
        and batch norm), <em>accuracy saturates and then degrades</em> with depth (§1).
      </p>
      <p>
        The telling part is where: the 56-layer plain net of Figure 1 has higher <strong>training</strong>{' '}
        error than the 20-layer one, not only higher test error. A net that overfits does better on its
        training data; this one does worse. The solver simply does not find the good solution that exists.
      </p>
      <p>
        Here two plain MLPs with batch norm, 8 and 52 layers of width 16, learn the two spirals with the same
        minibatches. Predict, then train: the run takes seconds.
      </p>
    </>
  );
}

export function GradientsProse() {
  return (
    <>
      <p>
        The textbook reason a deep net trains badly is vanishing gradients: the signal that reaches the first
        layers shrinks with every layer until they stop learning. The paper argues this is <em>not</em> what
        happens in its plain nets (§4.1): they use batch norm, which keeps forward signals at non-zero
        variance, and the authors checked that the backward gradients “exhibit healthy norms”.
      </p>
      <p>
        The norm of a layer’s weight gradient <Formula tex="\lVert \partial L / \partial W_\ell \rVert" /> is
        what the chart below shows per layer, at the last probed step. If it had vanished, the first layer’s
        bar would be orders of magnitude below the last.
      </p>
      <p>
        So the deep plain net gets gradient everywhere, and still trains worse: the paper conjectures its
        error surface converges exponentially slowly, an optimisation difficulty, not a dead signal.
      </p>
    </>
  );
}

export function IdentityProse() {
  return (
    <>
      <p>
        If extra layers only had to be the identity, a deep net would match a shallow one. The degradation
        problem suggests the solver finds even that hard: approximating <Formula tex="H(x) = x" /> with a
        stack of nonlinear layers is not easy (§3.1).
      </p>
      <p>A residual block learns the difference instead. Let it fit</p>
      <Formula block tex="\mathcal{F}(x) = H(x) - x" />
      <p>
        and output <Formula tex="\mathcal{F}(x) + x" />. If the identity is optimal, the solver only has to
        drive the weights of <Formula tex="\mathcal{F}" /> toward zero.
      </p>
      <p>
        This experiment asks exactly that: two 32-layer MLPs, one plain, one with shortcuts, are trained to
        output their own 2-D input (mean squared error). The curve shows the error relative to the input’s
        mean square: 0 is a perfect copy, 100% no better than outputting zeros.
      </p>
    </>
  );
}

export function ResidualProse() {
  return (
    <>
      <p>
        A residual block with weight layers <Formula tex="W_1, W_2" /> computes (Eqn. 1)
      </p>
      <Formula block tex="y = \mathcal{F}(x, \{W_i\}) + x" />
      <p>
        with <Formula tex="\mathcal{F} = W_2\, \sigma(W_1 x)" /> for two layers and <Formula tex="\sigma" />{' '}
        the ReLU.
      </p>
      <p>
        The shortcut adds no parameters and no multiply-adds beyond one addition, so a plain net and its
        residual twin cost the same and can be compared fairly.
      </p>
      <p>
        If the identity is close to what each block should do, the learned <Formula tex="\mathcal{F}" />{' '}
        should be small corrections. Figure 7 tests this: the standard deviation of each 3×3 layer’s response
        (after batch norm, before the ReLU and the addition) is smaller in ResNets than in plain nets, and
        smaller still in deeper ResNets.
      </p>
      <p>
        Here the same measurement runs on a 20-layer plain MLP and its residual twin, on a fixed held-out
        batch of the spirals; the ratio <Formula tex="\lVert \mathcal{F}(x) \rVert / \lVert x \rVert" /> says
        how big each branch is against the signal it is added to.
      </p>
    </>
  );
}
