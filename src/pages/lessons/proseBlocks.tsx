/** The prose of lessons 5–8, with the block and shortcut costs counted by the core. */
import { blockAnatomy, FIGURE5_CHOICE, shortcutCosts } from '../../core/blockAnatomy';
import { PREACT_REPORTED } from '../../core/lessons';
import { RESNET34_SHORTCUT_TOP1 } from '../../core/paperResults';
import { Formula } from '../../ui/lesson/Formula';
import { TableScroll } from '../../ui/lesson/TableScroll';
import { formatInt } from '../../ui/numbers';

export function BottleneckProse() {
  const basic = blockAnatomy({ ...FIGURE5_CHOICE, block: 'basic', activation: 'post' });
  const bottle = blockAnatomy({ ...FIGURE5_CHOICE, block: 'bottleneck', activation: 'post' });
  return (
    <>
      <p>
        For its 50-, 101- and 152-layer nets the paper swaps the basic block (two 3×3 convs) for a bottleneck:
        a 1×1 conv reduces the channels, a 3×3 works on the reduced width, and a 1×1 restores it (Figure 5). A
        convolution with a <Formula tex="k \times k" /> kernel on an <Formula tex="H \times W" /> map costs
      </p>
      <Formula block tex="\text{MACs} = H \cdot W \cdot k^2 \cdot C_\text{in} \cdot C_\text{out}" />
      <TableScroll label="Figure 5’s blocks">
        <table>
          <caption>Figure 5’s two blocks at 56×56, counted by ResLab</caption>
          <thead>
            <tr>
              <th scope="col">block</th>
              <th scope="col">channels in → out</th>
              <th scope="col">parameters</th>
              <th scope="col">multiply-adds</th>
            </tr>
          </thead>
          <tbody>
            {[basic, bottle].map((b) => (
              <tr key={b.title}>
                <td>{b.title}</td>
                <td>
                  {b.inChannels} → {b.outChannels}
                </td>
                <td>{formatInt(b.params)}</td>
                <td>{formatInt(b.macs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        At about the same cost the bottleneck handles four times the channels and adds a layer: depth bought
        cheaply. The run below pits a basic residual MLP against the bottleneck MLP whose multiply-adds come
        closest to it (the Lab’s 3k+2 depths); the image version on Fashion-MNIST trains for minutes, not
        seconds, and the Lab estimates its time before it starts.
      </p>
    </>
  );
}

export function ShortcutProse() {
  const costs = shortcutCosts(34);
  return (
    <>
      <p>
        An identity shortcut needs <Formula tex="x" /> and <Formula tex="\mathcal{F}(x)" /> to have the same
        shape. Where a stage widens the channels the paper offers three options (§3.3): <strong>A</strong>,
        zero-pad the extra channels (no parameters); <strong>B</strong>, a projection <Formula tex="W_s" /> (a
        1×1 conv) only where the shape changes; <strong>C</strong>, projections on every shortcut (Eqn. 2):
      </p>
      <Formula block tex="y = \mathcal{F}(x, \{W_i\}) + W_s x" />
      <TableScroll label="Shortcut options of ResNet-34">
        <table>
          <caption>
            ImageNet ResNet-34: parameters counted by ResLab, top-1 error as the paper reports it (Table 3)
          </caption>
          <thead>
            <tr>
              <th scope="col">option</th>
              <th scope="col">projections</th>
              <th scope="col">parameters</th>
              <th scope="col">the paper’s top-1 (%)</th>
            </tr>
          </thead>
          <tbody>
            {costs.map((c) => (
              <tr key={c.option}>
                <td>{c.option}</td>
                <td>{c.projections}</td>
                <td>{formatInt(c.params)}</td>
                <td>{RESNET34_SHORTCUT_TOP1[c.option].top1}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        The paper reads the small differences as “projection shortcuts are not essential for addressing the
        degradation problem”, and keeps option C out of its deeper nets for cost. Below, the three options
        train on the spirals; the parameters come from each net’s layers.
      </p>
    </>
  );
}

export function DeeperProse() {
  return (
    <>
      <p>
        With shortcuts, depth stopped hurting: the paper’s 50-, 101- and 152-layer nets are each more accurate
        than the last (Table 3), and it won ILSVRC 2015 with an ensemble of them.
      </p>
      <p>A net’s cost is the sum over its layers of each convolution’s multiply-adds:</p>
      <Formula
        block
        tex="\text{MACs} = \sum_\ell H_\ell\, W_\ell\, k_\ell^2\, C_{\text{in},\ell}\, C_{\text{out},\ell}"
      />
      <p>
        VGG-19 has 19 weight layers, ResNet-152 eight times as many. Predict which costs more per image, then
        let ResLab count every layer itself: the table sets its counts beside the figures the paper prints
        (Table 1 and §4.1) and the paper’s ImageNet errors (ResLab never trains on ImageNet).
      </p>
      <p>
        Open in the Lab trains residual MLPs of 8, 20, 52 and 104 layers on the spirals: does the deepest
        still train as well?
      </p>
    </>
  );
}

export function PreactProse() {
  return (
    <>
      <p>
        A year later He et al. (2016, “Identity Mappings in Deep Residual Networks”) moved batch norm and the
        ReLU before each weight layer. With nothing after the addition, every block is
        <Formula tex="\;x_{\ell+1} = x_\ell + \mathcal{F}(x_\ell, \mathcal{W}_\ell)" />, and unrolled
      </p>
      <Formula block tex="x_L = x_\ell + \sum_{i=\ell}^{L-1} \mathcal{F}(x_i, \mathcal{W}_i)" />
      <p>
        so any layer’s signal reaches any deeper one, and the gradient flows back, through a clean identity
        path. On CIFAR-10 the paper reports test error{' '}
        {PREACT_REPORTED.map((r) => `${r.post}% → ${r.pre}% at ${r.depth} layers`).join(' and ')}, post- to
        pre-activation.
      </p>
      <p>Here two 104-layer residual MLPs, post- and pre-activation, train on the spirals.</p>
    </>
  );
}
