import { usePageTitle } from '../ui/usePageTitle';

export function ZooPage() {
  usePageTitle('Model zoo');
  return (
    <article className="placeholder">
      <h1>Model zoo</h1>
      <p className="lead">
        Not built yet: here ResNet-18 to ResNet-152, their plain twins, VGG and the CIFAR-10 ResNets will be
        compared by depth, parameters and FLOPs.
      </p>
    </article>
  );
}
