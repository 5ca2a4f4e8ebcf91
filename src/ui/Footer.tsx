/** Credits for the data set and the paper that every page builds on. */
export function Footer() {
  return (
    <footer className="site-footer">
      <p>
        Images from{' '}
        <a href="https://github.com/zalandoresearch/fashion-mnist" rel="noreferrer">
          Fashion-MNIST
        </a>{' '}
        © Zalando SE, used under the MIT licence.
      </p>
      <p>
        Based on Kaiming He, Xiangyu Zhang, Shaoqing Ren and Jian Sun,{' '}
        <a href="https://arxiv.org/abs/1512.03385" rel="noreferrer">
          “Deep Residual Learning for Image Recognition”
        </a>{' '}
        (2015, arXiv:1512.03385).
      </p>
    </footer>
  );
}
